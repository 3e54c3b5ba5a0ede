import { DATA_CATEGORIES, PURPOSES, ROLES, type Purpose, type Role } from "@hub/common";
import { ACTION_NAMES, OPERATION_FLAGS, type OperationFlag } from "../operations/actions.js";
import type { PolicyRule } from "../admin/rules.js";
import { CasbinRolePolicy } from "../role-policy.js";
import type { Counterexample, InvariantResult } from "./prover.js";
import type { InvariantFile } from "./invariants.js";

/** One operation decision of the attribute space: who, for what purpose, which action on which category, under which facts. */
export interface OperationTuple {
  role: Role;
  purpose: Purpose;
  action: string;
  category: string;
  flags: OperationFlag[];
}

type Values = string | string[] | { not: string | string[] };

/** A promise about operations: when the tuple matches, the policy must answer as expected. */
export interface OperationInvariant {
  id: string;
  promise: string;
  when: { role?: Values; purpose?: Values; action?: Values; category?: Values; /** at least one of these facts holds */ flag?: string[] };
  expect: "deny" | "allow";
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
function matcher(v: Values | undefined, sets: Record<string, string[]>): (x: string) => boolean {
  if (v === undefined) return () => true;
  const expand = (x: string | string[]) => list(x).flatMap((s) => (s.startsWith("@") ? sets[s.slice(1)] ?? [] : [s]));
  if (typeof v === "object" && !Array.isArray(v)) {
    const out = new Set(expand(v.not));
    return (x) => !out.has(x);
  }
  const inside = new Set(expand(v));
  return (x) => inside.has(x);
}

/** Every subset of the operation facts, smallest first (so the first violation found is already close to minimal). */
const FLAG_SETS: OperationFlag[][] = [...Array(1 << OPERATION_FLAGS.length).keys()]
  .map((m) => OPERATION_FLAGS.filter((_, i) => m & (1 << i)))
  .sort((a, b) => a.length - b.length);

/**
 * Prove the promises about operations. Operations are decided by the policy alone (no consent basis), and a policy
 * line matches a category or purpose only by name or `*`, so every category (purpose) no line names behaves like any
 * other: the space takes the named ones plus one that no line names. Roles, actions and facts are taken whole.
 */
export async function proveOperations(model: string, policy: string, rules: PolicyRule[], file: InvariantFile & { operationInvariants?: OperationInvariant[] }): Promise<{ combinations: number; results: InvariantResult[] }> {
  const roles = await CasbinRolePolicy.create(model, policy);
  // The lines operations can match: those of an operation's action, and those of any action.
  const opLines = rules.filter((r) => r.action !== "read");
  const named = (f: "category" | "purpose") => new Set(opLines.map((r) => r[f]).filter((v) => v !== "*"));
  const invariants = file.operationInvariants ?? [];
  const mentioned = (f: "category" | "purpose") => invariants.flatMap((i) => (i.when[f] === undefined ? [] : JSON.stringify(i.when[f]).match(/[a-z_A-Z]+/g) ?? []));
  const spare = (all: readonly string[], used: Set<string>) => all.filter((x) => !used.has(x)).slice(0, 1);
  const categories = [...new Set(["non_patient", ...named("category"), ...mentioned("category"), ...spare(DATA_CATEGORIES, named("category"))])];
  const purposes = [...new Set([...named("purpose"), ...mentioned("purpose").filter((p) => (PURPOSES as readonly string[]).includes(p)),
    ...spare(PURPOSES, named("purpose"))])] as Purpose[];
  let combinations = 0;
  const results: InvariantResult[] = invariants.map((inv) => {
    const r: InvariantResult = { id: inv.id, promise: inv.promise, checked: 0, violations: 0, counterexample: null };
    const role = matcher(inv.when.role, file.sets), purpose = matcher(inv.when.purpose, file.sets);
    const action = matcher(inv.when.action, file.sets), category = matcher(inv.when.category, file.sets);
    const flag = inv.when.flag ? new Set(inv.when.flag) : null;
    for (const ro of ROLES) if (role(ro)) for (const pu of purposes) if (purpose(pu)) for (const ac of ACTION_NAMES) if (ac !== "read" && action(ac))
      for (const ca of categories) if (category(ca)) for (const fl of FLAG_SETS) {
        if (flag && !fl.some((f) => flag.has(f))) continue;
        combinations++;
        r.checked++;
        const d = roles.check(ro, pu, ca as never, ac, fl);
        if ((inv.expect === "deny") === !d.allowed) continue;
        r.violations++;
        const t: OperationTuple = { role: ro, purpose: pu, action: ac, category: ca, flags: fl };
        if (!r.counterexample || fl.length < (r.counterexample.tuple as unknown as OperationTuple).flags.length) {
          r.counterexample = { tuple: t as never, allowed: d.allowed, rule: d.rule } satisfies Counterexample;
        }
      }
    return r;
  });
  return { combinations, results };
}
