import { entryOf, example, type ExampleName } from "./examples.testkit.js";

type B = Record<string, any>;

/**
 * The kinds of broken input the hub must refuse (issue #20), each built at test time from one of the project's own
 * examples: what the hand-written checker let through (misspelled and unknown elements, wrong JSON types, impossible
 * dates, extensions without url) and what the validator alone misses (required bindings, references, the IG's rules).
 * `path` is where the refusal must point; used by the unit variants test and by the end-to-end test through the API.
 */
export interface BrokenKind {
  name: string;
  example: ExampleName;
  rule: string;
  /** Break the Bundle in place; returns the path the refusal must name. */
  breakIt(b: B): string;
}

const at = (b: B, type: string) => { const e = entryOf(b, type); return { r: e.resource, p: `Bundle.entry[${e.index}].resource` }; };

export const BROKEN: BrokenKind[] = [
  { name: "misspelled element (onsetDatetime)", example: "clins-condition", rule: "fhir-unknown-element",
    breakIt: (b) => { const { r, p } = at(b, "Condition"); r.onsetDatetime = r.onsetDateTime; delete r.onsetDateTime; return `${p}.onsetDatetime`; } },
  { name: "unknown element (dose)", example: "clins-prescription", rule: "fhir-unknown-element",
    breakIt: (b) => { const { r, p } = at(b, "MedicationRequest"); r.dose = 1; return `${p}.dose`; } },
  { name: "boolean as a string (active: \"true\")", example: "referral-57133-1", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Patient"); r.active = "true"; return `${p}.active`; } },
  { name: "decimal as a string (valueQuantity.value: \"5.4\")", example: "clins-lab", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Observation"); r.valueQuantity.value = "5.4"; return `${p}.valueQuantity.value`; } },
  { name: "coding as an object, not an array", example: "referral-57133-1", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Composition"); r.type.coding = r.type.coding[0]; return `${p}.type.coding`; } },
  { name: "impossible date (1970-13-45)", example: "referral-57133-1", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Patient"); r.birthDate = "1970-13-45"; return `${p}.birthDate`; } },
  { name: "impossible dateTime (2024-02-30T25:00)", example: "clins-condition", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Condition"); r.onsetDateTime = "2024-02-30T25:00"; return `${p}.onsetDateTime`; } },
  { name: "a day not on the calendar (2024-02-30)", example: "clins-condition", rule: "fhir-datatype",
    breakIt: (b) => { const { r, p } = at(b, "Condition"); r.onsetDateTime = "2024-02-30"; return `${p}.onsetDateTime`; } },
  { name: "extension without url", example: "clins-lab", rule: "fhir-required",
    breakIt: (b) => { const { r, p } = at(b, "Observation"); delete r.extension[1].url; return `${p}.extension[1].url`; } },
  { name: "resource id with an underscore", example: "clins-lab", rule: "fhir-id",
    breakIt: (b) => { const { r, p } = at(b, "Observation"); r.id = "P-0001-lab_lifestyle-014"; return `${p}.id`; } },
  { name: "Observation without status", example: "clins-lab", rule: "fhir-required",
    breakIt: (b) => { const { r, p } = at(b, "Observation"); delete r.status; return `${p}.status`; } },
  { name: "AllergyIntolerance with subject instead of patient", example: "clins-allergy", rule: "fhir-required",
    breakIt: (b) => { const { r, p } = at(b, "AllergyIntolerance"); r.subject = r.patient; delete r.patient; return `${p}.patient`; } },
  { name: "AllergyIntolerance without clinicalStatus (invariant ait-1)", example: "clins-allergy", rule: "ait-1",
    breakIt: (b) => { const { r, p } = at(b, "AllergyIntolerance"); delete r.clinicalStatus; return p; } },
  { name: "gender outside its required value set (\"M\")", example: "referral-57133-1", rule: "fhir-code-value",
    breakIt: (b) => { const { r, p } = at(b, "Patient"); r.gender = "M"; return `${p}.gender`; } },
  { name: "criticality outside its required value set (\"severe\")", example: "clins-allergy", rule: "fhir-code-value",
    breakIt: (b) => { const { r, p } = at(b, "AllergyIntolerance"); r.criticality = "severe"; return `${p}.criticality`; } },
  { name: "intent outside its required value set (\"prescription\")", example: "clins-prescription", rule: "fhir-code-value",
    breakIt: (b) => { const { r, p } = at(b, "MedicationRequest"); r.intent = "prescription"; return `${p}.intent`; } },
  { name: "dangling reference", example: "referral-57133-1", rule: "doc-reference-resolves",
    breakIt: (b) => { const { r, p } = at(b, "Composition"); r.author[0].reference = "urn:uuid:00000000-0000-4000-8000-000000000000"; return `${p}.author[0].reference`; } },
  { name: "Bundle identifier in another system (R02151)", example: "clins-lab", rule: "R02151",
    breakIt: (b) => { b.identifier.system = "http://example.org/ids"; return "Bundle.identifier.system"; } },
  { name: "no insured-person id (R1012)", example: "referral-57133-1", rule: "R1012",
    breakIt: (b) => { const { r, p } = at(b, "Patient"); r.identifier = r.identifier.filter((i: B) => !i.system.endsWith("JP_Insurance_memberID")); return `${p}.identifier`; } },
  { name: "lab result without a local code (R6021)", example: "clins-lab", rule: "R6021",
    breakIt: (b) => { const { r, p } = at(b, "Observation"); r.code.coding = r.code.coding.filter((c: B) => !c.system.endsWith("LocalCode_CS")); return `${p}.code.coding`; } },
  { name: "drug without a YJ or 一般名処方 code (R3010)", example: "clins-prescription", rule: "R3010",
    breakIt: (b) => { const { r, p } = at(b, "MedicationRequest"); r.medicationCodeableConcept.coding[0].system = "http://example.org/local-drugs"; return `${p}.medicationCodeableConcept.coding`; } },
  { name: "dosage without a usage code (R5020)", example: "clins-prescription", rule: "R5020",
    breakIt: (b) => { const { r, p } = at(b, "MedicationRequest"); r.dosageInstruction[0].timing.code.coding[0].system = "http://example.org/usage"; return `${p}.dosageInstruction[0].timing.code`; } },
  { name: "referral without 紹介先情報 (doc-required-section)", example: "referral-57133-1", rule: "doc-required-section",
    breakIt: (b) => { const { r } = at(b, "Composition"); r.section = r.section.filter((s: B) => s.code.coding[0].code !== "910"); return "Composition.section"; } },
  { name: "entry without the institution number (R9011)", example: "clins-condition", rule: "R9011",
    breakIt: (b) => { const { r, p } = at(b, "Condition"); r.extension = r.extension.filter((x: B) => !x.url.endsWith("JP_eCS_InstitutionNumber")); return `${p}.extension`; } },
];

/** A broken copy of the kind's example and the path its refusal must name. */
export function broken(kind: BrokenKind): { bundle: B; path: string } {
  const bundle = example(kind.example);
  return { bundle, path: kind.breakIt(bundle) };
}
