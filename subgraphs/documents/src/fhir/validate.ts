import type { ValidationIssue } from "@hub/common";
import { documentRules } from "./document-rules.js";
import { patientRules } from "./patient-rules.js";
import { isObject } from "./walk.js";

/** All checks on a document Bundle; an empty list means it is accepted. */
export function validateDocumentBundle(bundle: unknown): ValidationIssue[] {
  if (!isObject(bundle)) return [{ ruleId: "fhir-json", path: "", message: "the bundle must be a JSON object", severity: "error" }];
  const issues = documentRules(bundle);
  return bundle.resourceType === "Bundle" ? [...issues, ...patientRules(bundle)] : issues;
}
