import type { ValidationIssue } from "@hub/common";
import { issue } from "./issue.js";
import { isObject, type Json } from "./walk.js";

/**
 * FHIR R4 structure for the resources the hub takes (hl7.org/fhir/R4, each resource's "Structure" table): required
 * elements (min 1), elements that are single (max 1) or lists (max *), fixed value sets of `code` elements, and
 * the formats of the primitive types used there. Extra elements pass: profiles restrict, they don't forbid.
 */
type Kind = "string" | "code" | "dateTime" | "date" | "instant" | "boolean" | "object" | "list" | "any";
interface Elem { min?: 1; kind: Kind; values?: readonly string[] }
type Shape = Record<string, Elem>;

const req = (kind: Kind, values?: readonly string[]): Elem => ({ min: 1, kind, values });
const opt = (kind: Kind, values?: readonly string[]): Elem => ({ kind, values });

const SHAPES: Record<string, Shape> = {
  Bundle: { type: req("code", ["document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"]),
    identifier: opt("object"), timestamp: opt("instant"), entry: opt("list") },
  Composition: { status: req("code", ["preliminary", "final", "amended", "entered-in-error"]), type: req("object"), subject: opt("object"),
    date: req("dateTime"), author: req("list"), title: req("string"), section: opt("list"), custodian: opt("object") },
  Patient: { identifier: opt("list"), name: opt("list"), gender: opt("code", ["male", "female", "other", "unknown"]), birthDate: opt("date") },
  Organization: { identifier: opt("list"), name: opt("string") },
  Practitioner: { identifier: opt("list"), name: opt("list") },
  Encounter: { status: req("code", ["planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled", "entered-in-error", "unknown"]), class: req("object") },
  Condition: { subject: req("object"), code: opt("object"), onsetDateTime: opt("dateTime"), recordedDate: opt("dateTime") },
  AllergyIntolerance: { patient: req("object"), code: opt("object"), criticality: opt("code", ["low", "high", "unable-to-assess"]),
    category: opt("list"), type: opt("code", ["allergy", "intolerance"]) },
  Observation: { status: req("code", ["registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"]),
    code: req("object"), subject: opt("object"), effectiveDateTime: opt("dateTime"), issued: opt("instant"), hasMember: opt("list") },
  MedicationRequest: { status: req("code", ["active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown"]),
    intent: req("code", ["proposal", "plan", "order", "original-order", "reflex-order", "filler-order", "instance-order", "option"]),
    subject: req("object"), medicationCodeableConcept: opt("object"), authoredOn: opt("dateTime"), dosageInstruction: opt("list") },
  DocumentReference: { status: req("code", ["current", "superseded", "entered-in-error"]), content: req("list") },
  Media: { status: req("code", ["preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"]), content: req("object") },
  Binary: { contentType: req("code"), data: opt("string") },
};

const FORMATS: Partial<Record<Kind, RegExp>> = {
  dateTime: /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/,
  date: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  code: /^[^\s]+( [^\s]+)*$/,
};

function typeOk(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case "object": return isObject(v);
    case "list": return Array.isArray(v) && v.length > 0;
    case "boolean": return typeof v === "boolean";
    case "any": return true;
    default: return typeof v === "string" && v.length > 0 && (FORMATS[kind]?.test(v) ?? true);
  }
}

/** Structural issues of one resource at `path` (unknown resource types are reported, not guessed). */
export function structureOf(resource: Json, path: string): ValidationIssue[] {
  const type = resource.resourceType;
  if (typeof type !== "string") return [issue("fhir-resource-type", `${path}.resourceType`, "resourceType is required")];
  const shape = SHAPES[type];
  if (!shape) return OTHER_TYPES.has(type) ? [] : [issue("fhir-resource-type", `${path}.resourceType`, `${type} is not a FHIR R4 resource this hub accepts`)];
  const out: ValidationIssue[] = [];
  if (resource.id !== undefined && (typeof resource.id !== "string" || !/^[A-Za-z0-9\-.]{1,64}$/.test(resource.id))) {
    out.push(issue("fhir-id", `${path}.id`, "an id is 1–64 of [A-Za-z0-9-.]"));
  }
  for (const [name, el] of Object.entries(shape)) {
    const v = resource[name];
    if (v === undefined || v === null) {
      if (el.min) out.push(issue("fhir-required", `${path}.${name}`, `${type}.${name} is required (min 1)`));
      continue;
    }
    if (!typeOk(el.kind, v)) {
      out.push(issue("fhir-datatype", `${path}.${name}`, `${type}.${name} must be ${el.kind === "list" ? "a non-empty array" : `a valid ${el.kind}`}`));
    } else if (el.values && !el.values.includes(v as string)) {
      out.push(issue("fhir-code-value", `${path}.${name}`, `${type}.${name} must be one of ${el.values.join(", ")}`));
    }
  }
  return out;
}

/** Other R4 resource types seen in JP-CLINS documents; their structure is not checked further. */
const OTHER_TYPES = new Set(["CarePlan", "Coverage", "PractitionerRole", "Specimen", "Procedure", "Immunization", "DiagnosticReport",
  "ServiceRequest", "FamilyMemberHistory", "ClinicalImpression", "Device", "Location", "RelatedPerson", "Consent", "Medication", "MedicationStatement", "Provenance"]);
