import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Decision } from "../pdp.js";
import { POLICY_DIR } from "../role-policy.js";
import { DIMENSIONS, type Tuple } from "./space.js";

type Condition = string | boolean | (string | boolean)[] | { not: string | (string | boolean)[] };

export interface Invariant {
  id: string;
  promise: string;
  when: Partial<Record<keyof Tuple, Condition>>;
  expect: "allow" | "deny" | { ruleNotMatching: string };
}

export interface InvariantFile {
  sets: Record<string, string[]>;
  invariants: Invariant[];
  /** Promises about what people may do (operations), proved over role × purpose × action × category × facts. */
  operationInvariants?: import("./operations.js").OperationInvariant[];
}

export function readInvariants(dir = POLICY_DIR): InvariantFile {
  const file = JSON.parse(readFileSync(join(dir, "invariants.json"), "utf8")) as InvariantFile;
  for (const inv of file.invariants) {
    for (const key of Object.keys(inv.when)) {
      if (!(key in DIMENSIONS)) throw new Error(`invariant ${inv.id}: unknown attribute "${key}"`);
    }
  }
  return file;
}

/** A compiled invariant: does it apply to a tuple, and does a decision keep it? */
export interface CompiledInvariant extends Invariant {
  applies(t: Tuple): boolean;
  holds(d: Decision): boolean;
}

export function compile(file: InvariantFile): CompiledInvariant[] {
  const values = (v: string | boolean | (string | boolean)[]): (string | boolean)[] => {
    const list = Array.isArray(v) ? v : [v];
    return list.flatMap((x) => (typeof x === "string" && x.startsWith("@") ? file.sets[x.slice(1)] ?? [] : [x]));
  };
  return file.invariants.map((inv) => {
    const tests = Object.entries(inv.when).map(([key, cond]) => {
      const k = key as keyof Tuple;
      if (cond !== null && typeof cond === "object" && !Array.isArray(cond)) {
        const excluded = new Set(values(cond.not));
        return (t: Tuple) => !excluded.has(t[k]);
      }
      const allowed = new Set(values(cond as string | boolean | (string | boolean)[]));
      return (t: Tuple) => allowed.has(t[k]);
    });
    const expect = inv.expect;
    const holds = expect === "allow" ? (d: Decision) => d.allowed
      : expect === "deny" ? (d: Decision) => !d.allowed
        : ((re: RegExp) => (d: Decision) => !(d.allowed && re.test(d.rule)))(new RegExp(expect.ruleNotMatching));
    return { ...inv, applies: (t: Tuple) => tests.every((f) => f(t)), holds };
  });
}
