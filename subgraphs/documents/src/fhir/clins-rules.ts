import type { ValidationIssue } from "@hub/common";
import { bundleIdentifierRules, entryRules, integrityRules } from "./bundle-common.js";
import { issue } from "./issue.js";
import { patientRules } from "./patient-rules.js";
import { codings, isLabObservation } from "./resource-rules.js";
import { claims, entries, isObject, type Json } from "./walk.js";

const SD = "http://jpfhir.jp/fhir/clins/StructureDefinition/";
const ECS = "http://jpfhir.jp/fhir/eCS/StructureDefinition/";
export const BUNDLE_TYPE_TAG = "http://jpfhir.jp/fhir/clins/CodeSystem/BundleResourceType_CS";
export const INSTITUTION_EXT = "http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber";
const DEPARTMENT_EXT = "http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department";
export const INDICATION_TAG = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_ehrshrs_indication";
/**
 * The IG allows AllergyIntolerance, Observation and Condition (R02142). Prescriptions reach the MHLW service from the
 * e-prescription service instead; the hub takes them in the same collection Bundle, tagged MedicationRequest.
 */
export const TAGGED_TYPES = ["AllergyIntolerance", "Observation", "Condition", "MedicationRequest"];
const ENTRY_PROFILES: Record<string, string> = {
  Condition: "JP_Condition_eCS", AllergyIntolerance: "JP_AllergyIntolerance_eCS", MedicationRequest: "JP_MedicationRequest_eCS", Observation: "JP_Observation_LabResult_eCS",
};

const extension = (r: Json, url: string): Json | undefined => (Array.isArray(r.extension) ? (r.extension as unknown[]).filter(isObject).find((x) => x.url === url) : undefined);
const contains = (r: Json, type: string) => Array.isArray(r.contained) && (r.contained as unknown[]).some((c) => isObject(c) && c.resourceType === type);
export const tags = (r: Json): Json[] => (isObject(r.meta) && Array.isArray(r.meta.tag) ? (r.meta.tag as unknown[]).filter(isObject) : []);
/** JLAC10 infection tests (5E virus, 5F bacteria/serology): the designated tests LTS may mark (R6031). */
const isInfectionLab = (r: Json) => codings(r.code).some((c) => typeof c.code === "string" && /^5[EF]/.test(c.code));

/** JP_Bundle_CLINS (電子カルテ情報共有サービス 6情報) collection Bundle checks; rule ids from the IG invariants (RULES.md). */
export function clinsRules(bundle: Json): ValidationIssue[] {
  if (bundle.resourceType !== "Bundle") return [issue("fhir-resource-type", "resourceType", "clinical information comes as a Bundle")];
  const out: ValidationIssue[] = [];
  if (bundle.type !== "collection") out.push(issue("fhir-bundle-type", "Bundle.type", 'a JP_Bundle_CLINS Bundle has type "collection"'));
  if (!claims(bundle, `${SD}JP_Bundle_CLINS`)) out.push(issue("R0213", "Bundle.meta.profile", "meta.profile must be JP_Bundle_CLINS"));
  const tag = tags(bundle).find((t) => t.system === BUNDLE_TYPE_TAG);
  if (!tag) out.push(issue("R02141", "Bundle.meta.tag", `meta.tag needs the resource type tag (${BUNDLE_TYPE_TAG})`));
  else if (!TAGGED_TYPES.includes(String(tag.code))) out.push(issue("R02142", "Bundle.meta.tag.code", `the tagged resource type must be one of ${TAGGED_TYPES.join(", ")}`));
  out.push(...bundleIdentifierRules(bundle));
  const list = entries(bundle);
  if (list.length === 0 || list.length !== (Array.isArray(bundle.entry) ? bundle.entry.length : 0)) {
    return [...out, issue("fhir-bundle-entry", "Bundle.entry", "the Bundle needs entries, each with a resource")];
  }
  if (list[0].resource.resourceType !== "Patient") out.push(issue("R0211", "Bundle.entry[0].resource", "the first entry must be the Patient"));
  else if (!claims(list[0].resource, `${ECS}JP_Patient_eCS`)) out.push(issue("R0212", "Bundle.entry[0].resource.meta.profile", "the Patient must claim JP_Patient_eCS"));
  if (tag && !list.some((e) => e.resource.resourceType === tag.code)) out.push(issue("R02143", "Bundle.entry", `the Bundle has no ${String(tag.code)} resource`));
  for (const e of list.slice(1)) out.push(...entryClinsRules(e.resource, `Bundle.entry[${e.index}].resource`));
  out.push(...integrityRules(list), ...entryRules(list), ...patientRules(bundle));
  return out;
}

function entryClinsRules(r: Json, path: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const type = String(r.resourceType);
  const inst = extension(r, INSTITUTION_EXT);
  if (!inst) out.push(issue("R9011", `${path}.extension`, "every entry but the Patient needs the JP_eCS_InstitutionNumber extension"));
  else if (typeof inst.valueIdentifier !== "object" || !/^\d{10}$/.test(String((inst.valueIdentifier as Json).value))) {
    out.push(issue("R9012", `${path}.extension`, "the institution number must have 10 digits"));
  }
  if (!TAGGED_TYPES.includes(type)) return [...out, issue("clins-entry-type", `${path}.resourceType`, `${type} is not clinical information the hub takes`)];
  const profile = ENTRY_PROFILES[type];
  if (profile && (type !== "Observation" || isLabObservation(r)) && !claims(r, `${ECS}${profile}`)) {
    out.push(issue(`validEntryProfile-${type === "Observation" ? "ObservationLabResult" : type}`, `${path}.meta.profile`, `a ${type} entry must claim ${profile}`));
  }
  if (type === "Condition") {
    if (!contains(r, "Encounter")) out.push(issue("R9013C", `${path}.contained`, "a Condition contains its Encounter"));
    if (typeof r.onsetDateTime !== "string") out.push(issue("R9015C", `${path}.onsetDateTime`, "a Condition has onsetDateTime"));
    if (!extension(r, DEPARTMENT_EXT)) out.push(issue("R9014C", `${path}.extension`, "a Condition has the JP_eCS_Department extension"));
  }
  if (type === "Observation") {
    if (!contains(r, "Encounter")) out.push(issue("R9013O", `${path}.contained`, "an Observation contains its Encounter"));
    if (!extension(r, DEPARTMENT_EXT)) out.push(issue("R9014O", `${path}.extension`, "an Observation has the JP_eCS_Department extension"));
    if (!isObject(r.encounter)) out.push(issue("R9016O", `${path}.encounter`, "an Observation references its encounter"));
    if (!Array.isArray(r.performer) || r.performer.length === 0) out.push(issue("R9017O", `${path}.performer`, "an Observation has a performer"));
    if (!contains(r, "Practitioner")) out.push(issue("R9019O", `${path}.contained`, "an Observation contains a Practitioner"));
    if (r.hasMember !== undefined) out.push(issue("R6081", `${path}.hasMember`, "Observations in a CLINS Bundle must not use hasMember"));
    if (tags(r).some((t) => t.system === INDICATION_TAG && t.code === "LTS") && !isInfectionLab(r)) {
      out.push(issue("R6031", `${path}.meta.tag`, "the long-term storage tag (LTS) is only for the designated infection tests"));
    }
  }
  return out;
}

/** The institution number an entry was recorded at (JP_eCS_InstitutionNumber). */
export function institutionOfEntry(r: Json): string | undefined {
  const v = extension(r, INSTITUTION_EXT)?.valueIdentifier;
  return isObject(v) && typeof v.value === "string" ? v.value : undefined;
}
