import { BadUserInputError, FhirValidationError, type ValidationIssue } from "@hub/common";
import { clinsRules } from "./clins-rules.js";
import { documentRules } from "./document-rules.js";
import { issue } from "./issue.js";
import { patientRules } from "./patient-rules.js";
import { r4Rules } from "./r4/r4-rules.js";
import { fhirR4Issues } from "./r4/validator.js";
import { resourceRules } from "./resource-rules.js";
import { isObject, type Json } from "./walk.js";

/** One stage of the checks; a later stage runs only when the earlier ones found no error. */
export type Stage = (b: Json) => ValidationIssue[];

const notObject = [issue("fhir-json", "", "the bundle must be a JSON object")];

/** Stage 1: the maintained FHIR R4 validator (@medplum/core with the R4 definitions). */
export const fhirR4Stage: Stage = fhirR4Issues;

/** Stage 2 for documents: the hub's R4 rules (bindings, dates, ids), document Bundle integrity, the JP-CLINS rules. */
export const documentStage: Stage = (b) => [...r4Rules(b), ...documentRules(b), ...(b.resourceType === "Bundle" ? patientRules(b) : [])];

/** Stage 2 for JP_Bundle_CLINS collection Bundles (six kinds of clinical information). */
export const clinicalStage: Stage = (b) => [...r4Rules(b), ...clinsRules(b)];

export const hasErrors = (issues: ValidationIssue[]) => issues.some((i) => i.severity === "error");

/** Run the stages in order; the issues up to and including the first stage with an error (or all warnings). */
export function runStages(value: unknown, stages: Stage[]): ValidationIssue[] {
  if (!isObject(value)) return notObject;
  const issues: ValidationIssue[] = [];
  for (const stage of stages) {
    issues.push(...stage(value));
    if (hasErrors(issues)) break;
  }
  return issues;
}

/** All checks on a document Bundle; the Bundle is accepted when no issue has severity "error". */
export const validateDocumentBundle = (bundle: unknown): ValidationIssue[] => runStages(bundle, [fhirR4Stage, documentStage]);

/** All checks on a JP_Bundle_CLINS collection Bundle. */
export const validateClinicalBundle = (bundle: unknown): ValidationIssue[] => runStages(bundle, [fhirR4Stage, clinicalStage]);

/** Checks on one resource on its own (as the IG publishes its single-resource examples): R4, then the JP-CLINS rules. */
export const validateResource = (resource: unknown): ValidationIssue[] =>
  runStages(resource, [fhirR4Stage, (r) => [...r4Rules(r), ...resourceRules(r, String(r.resourceType))]]);

/**
 * FHIR R4 alone (the validator and the hub's R4 rules, no JP-CLINS profile rules): what everything the hub emits must
 * pass (clinical records, documents, the emergency summary, research NDJSON, exported AuditEvents).
 */
export const validateR4 = (resource: unknown): ValidationIssue[] => runStages(resource, [fhirR4Stage, r4Rules]);

const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

/**
 * The gate in front of every ingestion: a size limit, then `stages` in order (a later stage runs only when the
 * earlier ones found no error). Throws BAD_USER_INPUT or FHIR_VALIDATION_FAILED (errors only); returns the warnings.
 */
export function requireValid(bundle: unknown, ...stages: Stage[]): ValidationIssue[] {
  if (JSON.stringify(bundle ?? null).length > MAX_BUNDLE_BYTES) throw new BadUserInputError("the bundle is larger than 5 MiB", { argument: "bundle" });
  const issues = runStages(bundle, stages);
  if (hasErrors(issues)) throw new FhirValidationError(issues.filter((i) => i.severity === "error"));
  return issues;
}
