import { decide } from "../pdp.js";
import { CasbinRolePolicy } from "../role-policy.js";
import { compile, type InvariantFile } from "./invariants.js";
import { complexity, walk } from "./space.js";
import type { Tuple } from "./space.js";
import { parsePolicyCsv } from "../admin/rules.js";
import { proveOperations, type OperationInvariant, type OperationTuple } from "./operations.js";

export interface Counterexample {
  /** A read tuple, or for promises about operations an operation tuple. */
  tuple: Tuple | OperationTuple;
  allowed: boolean;
  rule: string;
}

export interface InvariantResult {
  id: string;
  promise: string;
  checked: number;
  violations: number;
  /** The violating tuple with the fewest non-default attributes. */
  counterexample: Counterexample | null;
}

export interface ProofReport {
  ok: boolean;
  combinations: number;
  millis: number;
  results: InvariantResult[];
}

/**
 * Check every invariant over the whole attribute space through the real PDP (`decide`) and the real Casbin
 * policy. Every combination is evaluated; for each invariant the smallest counterexample is kept.
 */
export async function prove(model: string, policy: string, invariants: InvariantFile & { operationInvariants?: OperationInvariant[] }): Promise<ProofReport> {
  const started = Date.now();
  const roles = await CasbinRolePolicy.create(model, policy);
  const compiled = compile(invariants);
  const results: InvariantResult[] = compiled.map((c) => ({ id: c.id, promise: c.promise, checked: 0, violations: 0, counterexample: null }));
  const combinations = walk((t, { subject, resource, attrs }) => {
    const d = decide(subject, resource, attrs, roles.check);
    for (let i = 0; i < compiled.length; i++) {
      const inv = compiled[i];
      if (!inv.applies(t)) continue;
      const r = results[i];
      r.checked++;
      if (inv.holds(d)) continue;
      r.violations++;
      if (!r.counterexample || complexity(t) < complexity(r.counterexample.tuple as Tuple)) r.counterexample = { tuple: { ...t }, allowed: d.allowed, rule: d.rule };
    }
  });
  const ops = await proveOperations(model, policy, parsePolicyCsv(policy).rules, invariants);
  results.push(...ops.results);
  return { ok: results.every((r) => r.violations === 0), combinations: combinations + ops.combinations, millis: Date.now() - started, results };
}

/** One line per broken promise, for CLIs and error messages. */
export function describeViolations(report: ProofReport): string[] {
  return report.results.filter((r) => r.violations > 0).map((r) => {
    const c = r.counterexample!;
    const verdict = `${c.allowed ? "ALLOW" : "DENY"} by rule ${c.rule}`;
    if ("action" in c.tuple) {
      const o = c.tuple;
      return `${r.id}: ${r.violations} violation(s); smallest: role=${o.role} purpose=${o.purpose} action=${o.action} category=${o.category} facts=${o.flags.join("|") || "none"} → ${verdict}`;
    }
    const t = c.tuple;
    return `${r.id}: ${r.violations} violation(s); smallest: role=${t.role} purpose=${t.purpose} category=${t.category} consent=${t.consent} card=${t.card} seal=${t.seal} emergency=${t.emergency} self=${t.self} withheld=${t.withheld} aspect=${t.aspect} → ${verdict}`;
  });
}
