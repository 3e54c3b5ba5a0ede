import type { ValidationIssue } from "@hub/common";
import { clinsRules } from "./clins-rules.js";
import { documentRules } from "./document-rules.js";
import { issue } from "./issue.js";
import { patientRules } from "./patient-rules.js";
import { resourceRules } from "./resource-rules.js";
import { structureOf } from "./structure.js";
import { isObject } from "./walk.js";

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
