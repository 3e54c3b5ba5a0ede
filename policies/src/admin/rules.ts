import { DATA_CATEGORIES, DOCUMENT_METADATA, PURPOSES, ROLES } from "@hub/common";
import { FLAGS } from "../pdp.js";
import { ACTION_NAMES } from "../operations/actions.js";

/** One line of policy.csv: `p, role, purpose, category, action, condition, effect, rule`. */
export interface PolicyRule {
  role: string;
  purpose: string;
  category: string;
  action: string;
  condition: string;
  effect: string;
  name: string;
}

export interface RuleIssue {
  line: number;
  field?: keyof PolicyRule;
  message: string;
}

const FIELDS: (keyof PolicyRule)[] = ["role", "purpose", "category", "action", "condition", "effect", "name"];
const KNOWN: Partial<Record<keyof PolicyRule, readonly string[]>> = {
  role: ["*", ...ROLES], purpose: ["*", ...PURPOSES], category: ["*", ...DATA_CATEGORIES, "non_patient", DOCUMENT_METADATA],
  action: ["*", ...ACTION_NAMES], condition: ["*", ...FLAGS], effect: ["allow", "deny"],
};
/** The values each rule field may take (the policy console offers them as choices). */
export const RULE_VALUES = KNOWN;
const NAME = /^[a-z0-9][a-z0-9:_-]{0,63}$/;

export function ruleToLine(r: PolicyRule): string {
  return `p, ${FIELDS.map((f) => r[f]).join(", ")}`;
}

export function rulesToCsv(rules: PolicyRule[]): string {
  return rules.map(ruleToLine).join("\n") + "\n";
}

/** Check one rule's fields: known roles, purposes, categories, actions, conditions, effects; a rule name. */
export function validateRule(r: PolicyRule, line: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const f of FIELDS) {
    const v = r[f];
    if (typeof v !== "string" || v.trim() === "") { issues.push({ line, field: f, message: `${f} is empty` }); continue; }
    const known = KNOWN[f];
    if (known && !known.includes(v)) issues.push({ line, field: f, message: `unknown ${f} "${v}" (one of: ${known.join(", ")})` });
  }
  if (typeof r.name === "string" && r.name !== "" && !NAME.test(r.name)) {
    issues.push({ line, field: "name", message: "rule name: lower-case letters, digits, ':', '_' or '-', at most 64" });
  }
  return issues;
}

/** Parse and validate policy.csv text (comments and blank lines allowed). */
export function parsePolicyCsv(text: string): { rules: PolicyRule[]; issues: RuleIssue[] } {
  const rules: PolicyRule[] = [];
  const issues: RuleIssue[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === "" || t.startsWith("#")) return;
    const parts = t.split(",").map((x) => x.trim());
    if (parts[0] !== "p") { issues.push({ line, message: 'a rule line starts with "p,"' }); return; }
    if (parts.length !== 8) { issues.push({ line, message: `expected 7 fields after "p," (role, purpose, category, action, condition, effect, rule), got ${parts.length - 1}` }); return; }
    const [, role, purpose, category, action, condition, effect, name] = parts;
    const rule = { role, purpose, category, action, condition, effect, name };
    issues.push(...validateRule(rule, line));
    const key = ruleToLine(rule);
    if (seen.has(key)) issues.push({ line, message: `duplicate of line ${seen.get(key)}` });
    seen.set(key, line);
    rules.push(rule);
  });
  if (rules.length === 0) issues.push({ line: 0, message: "the policy has no rules" });
  return { rules, issues };
}

/** Validate rules given as objects (GraphQL input). */
export function validateRules(rules: PolicyRule[]): RuleIssue[] {
  if (rules.length === 0) return [{ line: 0, message: "the policy has no rules" }];
  if (rules.length > 2000) return [{ line: 0, message: "at most 2000 rules" }];
  const { issues } = parsePolicyCsv(rulesToCsv(rules));
  return issues;
}
