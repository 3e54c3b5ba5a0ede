import { isResourceType, validateResource as medplumValidate } from "@medplum/core";
import type { OperationOutcomeIssue, Resource } from "@medplum/fhirtypes";
import type { ValidationIssue } from "@hub/common";
import { inlineAttachments } from "../attachments.js";
import { issue } from "../issue.js";
import { isObject, type Json } from "../walk.js";
import { r4Definitions } from "./definitions.js";
import { isNoise, toValidationIssue } from "./issue-map.js";
import { nestedRootInvariants } from "./nested-invariants.js";

/** Stands in for inline attachment bytes while the validator runs (see withoutAttachmentData). */
const PLACEHOLDER = "AAAA";

/**
 * Resource positions the validator needs a known `resourceType` at (Bundle entries and contained resources, nested):
 * reported with their path here, because the validator names no path for an unknown type.
 */
function resourceTypeIssues(r: Json, path: string, out: ValidationIssue[] = []): ValidationIssue[] {
  if (typeof r.resourceType !== "string") out.push(issue("fhir-resource-type", `${path}.resourceType`, "resourceType is required"));
  else if (!isResourceType(r.resourceType)) out.push(issue("fhir-resource-type", `${path}.resourceType`, `${r.resourceType} is not a FHIR R4 resource type`));
  const contained = Array.isArray(r.contained) ? r.contained : [];
  contained.forEach((c, i) => { if (isObject(c)) resourceTypeIssues(c, `${path}.contained[${i}]`, out); });
  if (r.resourceType === "Bundle" && Array.isArray(r.entry)) {
    r.entry.forEach((e, i) => { if (isObject(e) && isObject(e.resource)) resourceTypeIssues(e.resource, `${path}.entry[${i}].resource`, out); });
  }
  return out;
}

/**
 * Run `fn` with inline attachment data (DocumentReference, Media, Binary) replaced by a short placeholder: the
 * validator refuses strings over 1 MB, and the hub's attachment rules check those bytes in full (base64, type by
 * leading bytes, size, hash). The data is put back afterwards, whatever happens.
 */
function withoutAttachmentData<T>(resource: Json, fn: () => T): T {
  const found = resource.resourceType === "Bundle" ? inlineAttachments(resource).filter((a) => typeof a.node.data === "string") : [];
  const saved = found.map((a) => a.node.data);
  for (const a of found) a.node.data = PLACEHOLDER;
  try {
    return fn();
  } finally {
    found.forEach((a, i) => { a.node.data = saved[i]; });
  }
}

/**
 * Stage 1 of every check: the FHIR R4 validator of @medplum/core (structure, JSON types, cardinality, primitive
 * formats, unknown elements, the base specification's invariants) on the whole resource or Bundle, entries and
 * contained resources included, their own root invariants too (nested-invariants.ts). Returns its findings as hub
 * issues (errors and warnings).
 */
export function fhirR4Issues(resource: unknown): ValidationIssue[] {
  if (!isObject(resource)) return [issue("fhir-json", "", "a FHIR resource is a JSON object")];
  r4Definitions();
  const root = typeof resource.resourceType === "string" ? resource.resourceType : "";
  const types = resourceTypeIssues(resource, root || "resource");
  if (types.length > 0) return types;
  let found: OperationOutcomeIssue[];
  try {
    found = withoutAttachmentData(resource, () => medplumValidate(resource as unknown as Resource));
  } catch (e) {
    const outcome = (e as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (!outcome?.issue) throw e;
    found = outcome.issue;
  }
  const issues = found.filter((i) => !isNoise(i)).map((i) => toValidationIssue(i, root, resource));
  // Nested root invariants only once the structure holds: FHIRPath over malformed JSON says nothing useful.
  return issues.some((i) => i.severity === "error") ? issues : [...issues, ...nestedRootInvariants(resource, root)];
}
