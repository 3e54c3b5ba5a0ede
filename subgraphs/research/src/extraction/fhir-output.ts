import { ageBand } from "../anonymity/k-anonymity.js";
import { shiftDate } from "../pseudonym/pseudonym.js";

/**
 * De-identified FHIR resources, built field by field from a whitelist (never by copying and deleting): no names,
 * kana, insured-person ids, addresses, narrative (`text`), notes, free-text dosage, displays, identifiers,
 * institutions or hub ids. Dates are shifted per person and kept to the day; birth date becomes an age band.
 */
export const DATASET_FIELDS = ["VALUE", "STATUS", "DATE", "SUPPLY"] as const;
export type DatasetFieldName = (typeof DATASET_FIELDS)[number];

export const RESOURCE_TYPE: Record<string, string> = {
  condition: "Condition", allergy: "AllergyIntolerance", contraindication: "AllergyIntolerance", infection: "Observation",
  lab_emergency: "Observation", lab_lifestyle: "Observation", prescription: "MedicationRequest",
};

export const AGE_BAND_URL = "urn:hub:research:StructureDefinition/age-band";
const TAG_SYSTEM = "urn:hub:research:category";
const SECURITY = { system: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", code: "PSEUDED" };
/** Coded results kept from `value_text`; anything else there is free text and dropped. */
const CODED_RESULTS = new Set(["positive", "negative", "陽性", "陰性", "indeterminate"]);
const CRITICALITY = new Set(["low", "high", "unable-to-assess"]);

export interface RecordRow {
  id: string;
  category: string;
  code: string | null;
  code_system: string | null;
  status: string | null;
  effective_at: Date | string | null;
  recorded_at: Date | string;
  value_text: string | null;
  value_num: number | null;
  unit: string | null;
}

export interface Person {
  pseudonym: string;
  shiftDays: number;
}

const meta = (category: string) => ({ security: [SECURITY], tag: [{ system: TAG_SYSTEM, code: category }] });

export function deidentifiedRecord(r: RecordRow, p: Person, recordPseudonym: string, fields: ReadonlySet<DatasetFieldName>): Record<string, unknown> {
  const type = RESOURCE_TYPE[r.category];
  if (!type) throw new Error(`no resource type for category ${r.category}`);
  const concept = { coding: [{ system: r.code_system ?? undefined, code: r.code ?? undefined }] };
  const date = shiftDate(r.effective_at ?? r.recorded_at, p.shiftDays);
  const subject = { reference: `Patient/${p.pseudonym}` };
  const out: Record<string, unknown> = { resourceType: type, id: recordPseudonym, meta: meta(r.category) };
  switch (type) {
    case "Condition":
      Object.assign(out, { subject, code: concept });
      if (fields.has("STATUS") && r.status) out.clinicalStatus = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: r.status }] };
      if (fields.has("DATE")) out.recordedDate = date;
      break;
    case "AllergyIntolerance":
      Object.assign(out, { patient: subject, code: concept });
      if (fields.has("VALUE") && r.value_text && CRITICALITY.has(r.value_text)) out.criticality = r.value_text;
      if (fields.has("DATE")) out.recordedDate = date;
      break;
    case "Observation":
      Object.assign(out, { status: "final", subject, code: concept });
      if (fields.has("VALUE") && r.value_num !== null && r.value_num !== undefined) out.valueQuantity = { value: Number(r.value_num), unit: r.unit ?? undefined };
      else if (fields.has("VALUE") && r.value_text && CODED_RESULTS.has(r.value_text)) out.valueString = r.value_text;
      if (fields.has("DATE")) out.effectiveDateTime = date;
      break;
    case "MedicationRequest":
      Object.assign(out, { status: "completed", intent: "order", subject, medicationCodeableConcept: concept });
      if (fields.has("DATE")) out.authoredOn = date;
      if (fields.has("SUPPLY") && r.value_num !== null && r.value_num !== undefined) {
        out.dispenseRequest = { expectedSupplyDuration: { value: Number(r.value_num), unit: "d", system: "http://unitsofmeasure.org", code: "d" } };
      }
      break;
  }
  return out;
}

export interface PatientQi {
  age: number;
  sex: string;
  prefecture: string | null;
}

/** The person, generalised to the release's level: age band (no birth date), sex, prefecture unless dropped. */
export function deidentifiedPatient(pseudonym: string, q: PatientQi, ageBandYears: number, withPrefecture: boolean): Record<string, unknown> {
  const band = ageBand(q.age, ageBandYears);
  return {
    resourceType: "Patient", id: pseudonym, meta: meta("demographics"), gender: q.sex,
    extension: [{ url: AGE_BAND_URL, valueRange: { low: { value: band.low, unit: "a" }, ...(band.high !== null ? { high: { value: band.high, unit: "a" } } : {}) } }],
    ...(withPrefecture && q.prefecture ? { address: [{ state: q.prefecture, country: "JP" }] } : {}),
  };
}
