import { BadUserInputError, FhirValidationError, type ValidationIssue } from "@hub/common";
import { clinsRules } from "./clins-rules.js";
import { documentRules } from "./document-rules.js";
import { issue } from "./issue.js";
import { patientRules } from "./patient-rules.js";
import { resourceRules } from "./resource-rules.js";
import { structureOf } from "./structure.js";
import { isObject, type Json } from "./walk.js";

const notObject = [issue("fhir-json", "", "the bundle must be a JSON object")];

/** All checks on a document Bundle; the Bundle is accepted when no issue has severity "error". */
export function validateDocumentBundle(bundle: unknown): ValidationIssue[] {
  if (!isObject(bundle)) return notObject;
  const issues = documentRules(bundle);
  return bundle.resourceType === "Bundle" ? [...issues, ...patientRules(bundle)] : issues;
}

/** All checks on a JP_Bundle_CLINS collection Bundle (six kinds of clinical information). */
export function validateClinicalBundle(bundle: unknown): ValidationIssue[] {
  return isObject(bundle) ? clinsRules(bundle) : notObject;
}

/** Checks on one resource on its own (as the IG's single-resource examples are published). */
export function validateResource(resource: unknown): ValidationIssue[] {
  if (!isObject(resource)) return [issue("fhir-json", "", "a resource must be a JSON object")];
  const type = String(resource.resourceType);
  return [...structureOf(resource, type), ...resourceRules(resource, type)];
}

export const hasErrors = (issues: ValidationIssue[]) => issues.some((i) => i.severity === "error");

const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

/**
 * The gate in front of every ingestion: a size limit, then `checks` in order (a later check runs only when the
 * earlier ones found no error). Throws BAD_USER_INPUT or FHIR_VALIDATION_FAILED (errors only); returns the warnings.
 */
export function requireValid(bundle: unknown, ...checks: ((b: Json) => ValidationIssue[])[]): ValidationIssue[] {
  if (JSON.stringify(bundle ?? null).length > MAX_BUNDLE_BYTES) throw new BadUserInputError("the bundle is larger than 5 MiB", { argument: "bundle" });
  if (!isObject(bundle)) throw new FhirValidationError(notObject);
  const issues: ValidationIssue[] = [];
  for (const check of checks) {
    issues.push(...check(bundle));
    if (hasErrors(issues)) throw new FhirValidationError(issues.filter((i) => i.severity === "error"));
  }
  return issues;
}
