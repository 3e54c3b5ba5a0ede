import type { AllergyIntolerance, CodeableConcept, Condition, Meta, MedicationRequest, Observation, Patient, Reference } from "@medplum/fhirtypes";
import { ageBand } from "../anonymity/k-anonymity.js";
import { shiftDate } from "../pseudonym/pseudonym.js";

/**
 * De-identified FHIR resources, built field by field from a whitelist (never by copying and deleting), typed with
 * @medplum/fhirtypes so a required element cannot be left out: no names, kana, insured-person ids, addresses,
 * narrative (`text`), notes, free-text dosage, displays, identifiers, institutions or hub ids. Pseudonymised output
 * (仮名加工) keeps the day, shifted per person; anonymised output (匿名加工) keeps only the month. Birth date becomes an
 * age band.
 */
export const DATASET_FIELDS = ["VALUE", "STATUS", "DATE", "SUPPLY"] as const;
export type DatasetFieldName = (typeof DATASET_FIELDS)[number];
export type Processing = "PSEUDONYMISED" | "ANONYMISED";

export const RESOURCE_TYPE: Record<string, string> = {
  condition: "Condition", allergy: "AllergyIntolerance", contraindication: "AllergyIntolerance", infection: "Observation",
  lab_emergency: "Observation", lab_lifestyle: "Observation", prescription: "MedicationRequest",
};

export const AGE_BAND_URL = "urn:hub:research:StructureDefinition/age-band";
const TAG_SYSTEM = "urn:hub:research:category";
/** HL7 v3 ObservationValue: PSEUDED (pseudonymised) or ANONYED (anonymised). */
const SECURITY = { PSEUDONYMISED: "PSEUDED", ANONYMISED: "ANONYED" } as const;
/** Coded results kept from `value_text`; anything else there is free text and dropped. */
const CODED_RESULTS = new Set(["positive", "negative", "陽性", "陰性", "indeterminate"]);
const CRITICALITY = new Set(["low", "high", "unable-to-assess"]);
const CONDITION_CLINICAL = new Set(["active", "recurrence", "relapse", "inactive", "remission", "resolved"]);
const ALLERGY_CLINICAL = new Set(["active", "inactive", "resolved"]);

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

const meta = (category: string, processing: Processing): Meta => ({
  security: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", code: SECURITY[processing] }], tag: [{ system: TAG_SYSTEM, code: category }],
});

/** The date as released: the day shifted per person (pseudonymised) or the real month (anonymised). */
export function releasedDate(at: Date | string, p: Person, processing: Processing): string {
  return processing === "ANONYMISED" ? new Date(at).toISOString().slice(0, 7) : shiftDate(at, p.shiftDays);
}

type Released = Condition | AllergyIntolerance | Observation | MedicationRequest;

export function deidentifiedRecord(r: RecordRow, p: Person, recordPseudonym: string, fields: ReadonlySet<DatasetFieldName>, processing: Processing = "PSEUDONYMISED"): Released {
  const type = RESOURCE_TYPE[r.category];
  if (!type) throw new Error(`no resource type for category ${r.category}`);
  const concept: CodeableConcept = { coding: [{ ...(r.code_system ? { system: r.code_system } : {}), ...(r.code ? { code: r.code } : {}) }] };
  const date = fields.has("DATE") ? releasedDate(r.effective_at ?? r.recorded_at, p, processing) : undefined;
  const subject: Reference<Patient> = { reference: `Patient/${p.pseudonym}` };
  const base = { id: recordPseudonym, meta: meta(r.category, processing) };
  switch (type) {
    case "Condition": {
      const c: Condition = { resourceType: "Condition", ...base, subject, code: concept };
      if (fields.has("STATUS") && r.status && CONDITION_CLINICAL.has(r.status)) c.clinicalStatus = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: r.status }] };
      if (date) c.recordedDate = date;
      return c;
    }
    case "AllergyIntolerance": {
      // clinicalStatus is required here (invariant ait-1); the six lists hold allergies as recorded, active unless stated otherwise
      const status = r.status && ALLERGY_CLINICAL.has(r.status) ? r.status : "active";
      const a: AllergyIntolerance = { resourceType: "AllergyIntolerance", ...base, patient: subject, code: concept,
        clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: status }] } };
      if (fields.has("VALUE") && r.value_text && CRITICALITY.has(r.value_text)) a.criticality = r.value_text as AllergyIntolerance["criticality"];
      if (date) a.recordedDate = date;
      return a;
    }
    case "Observation": {
      const o: Observation = { resourceType: "Observation", ...base, status: "final", subject, code: concept };
      if (fields.has("VALUE") && r.value_num !== null && r.value_num !== undefined) o.valueQuantity = { value: Number(r.value_num), ...(r.unit ? { unit: r.unit } : {}) };
      else if (fields.has("VALUE") && r.value_text && CODED_RESULTS.has(r.value_text)) o.valueString = r.value_text;
      if (date) o.effectiveDateTime = date;
      return o;
    }
    default: {
      const m: MedicationRequest = { resourceType: "MedicationRequest", ...base, status: "completed", intent: "order", subject, medicationCodeableConcept: concept };
      if (date) m.authoredOn = date;
      if (fields.has("SUPPLY") && r.value_num !== null && r.value_num !== undefined) {
        m.dispenseRequest = { expectedSupplyDuration: { value: Number(r.value_num), unit: "d", system: "http://unitsofmeasure.org", code: "d" } };
      }
      return m;
    }
  }
}

export interface PatientQi {
  age: number;
  sex: string;
  prefecture: string | null;
}

/** The person, generalised to the release's level: age band (no birth date), sex, prefecture unless dropped. */
export function deidentifiedPatient(pseudonym: string, q: PatientQi, ageBandYears: number, withPrefecture: boolean, processing: Processing = "PSEUDONYMISED"): Patient {
  const band = ageBand(q.age, ageBandYears);
  return {
    resourceType: "Patient", id: pseudonym, meta: meta("demographics", processing), gender: q.sex as Patient["gender"],
    extension: [{ url: AGE_BAND_URL, valueRange: { low: { value: band.low, unit: "a" }, ...(band.high !== null ? { high: { value: band.high, unit: "a" } } : {}) } }],
    ...(withPrefecture && q.prefecture ? { address: [{ state: q.prefecture, country: "JP" }] } : {}),
  };
}
