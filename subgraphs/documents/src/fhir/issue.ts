import type { ValidationIssue } from "@hub/common";

/** One failed check: a stable rule id (the IG's R-number where it has one), a FHIRPath-like path and a message. */
export const issue = (ruleId: string, path: string, message: string): ValidationIssue => ({ ruleId, path, message, severity: "error" });
export const warning = (ruleId: string, path: string, message: string): ValidationIssue => ({ ruleId, path, message, severity: "warning" });
