import {
  parsePolicyCsv, policyModel, prove, readInvariants, rulesToCsv, validateRules, type PolicyRule, type ProofReport,
} from "@hub/policies";
import type { PolicyValidation } from "./policy-admin.type.js";

/** Validate rules, then prove every invariant over the whole attribute space (SPEC §6; issue: prove the policy). */
export async function checkPolicy(rules: PolicyRule[]): Promise<PolicyValidation & { csv: string }> {
  const csv = rulesToCsv(rules);
  const issues = validateRules(rules).map((i) => ({ line: i.line, field: i.field ?? null, message: i.message }));
  if (issues.length > 0) return { ok: false, issues, violations: [], combinations: 0, millis: 0, csv };
  const report: ProofReport = await prove(policyModel(), csv, readInvariants());
  const violations = report.results.filter((r) => r.violations > 0).map((r) => ({
    invariant: r.id, promise: r.promise, violations: r.violations, counterexample: r.counterexample!.tuple,
    allowed: r.counterexample!.allowed, rule: r.counterexample!.rule,
  }));
  return { ok: violations.length === 0, issues, violations, combinations: report.combinations, millis: report.millis, csv };
}

export const rulesOf = (csv: string): PolicyRule[] => parsePolicyCsv(csv).rules;
