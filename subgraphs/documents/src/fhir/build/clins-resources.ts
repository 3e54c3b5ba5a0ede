import type { AllergyIntolerance, CodeableConcept, Coding, Condition, Encounter, Extension, MedicationRequest, Meta, Observation, Practitioner } from "@medplum/fhirtypes";
import { INDICATION_TAG, INSTITUTION_EXT } from "../clins-rules.js";
import { LAB_LOCAL_CODE_SYSTEM } from "../resource-rules.js";
import { INSTITUTION_SYSTEM } from "../walk.js";
import { JP, department, profile, ref } from "./jp.js";

/**
 * Typed builders of the six kinds of clinical information after the JP-CLINS eCS profiles (JP_Condition_eCS,
 * JP_AllergyIntolerance_eCS, JP_Observation_LabResult_eCS, JP_MedicationRequest_eCS; IG v1.5). The return types make
 * what the profiles require non-optional, so leaving out e.g. a status or the clinical status does not compile.
 */
type With<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };
export type ClinsCondition = With<Condition, "meta" | "extension" | "clinicalStatus" | "code" | "subject" | "onsetDateTime" | "contained" | "encounter">;
export type ClinsAllergy = With<AllergyIntolerance, "meta" | "extension" | "clinicalStatus" | "code" | "patient" | "category">;
export type ClinsLabResult = With<Observation, "meta" | "extension" | "status" | "category" | "code" | "subject" | "contained" | "encounter" | "performer" | "effectiveDateTime">;
export type ClinsPrescription = With<MedicationRequest, "meta" | "extension" | "status" | "intent" | "medicationCodeableConcept" | "subject" | "authoredOn" | "dosageInstruction">;

export const LAB_CORE_SYSTEM = "http://jpfhir.jp/fhir/clins/CodeSystem/JLAC10/JP_CLINS_ObsLabResult_CoreLabo_CS";
export const MEDICATION_USAGE_SYSTEM = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUsage_ePrescription";

/** Who recorded it, where, about whom: the parts every entry of a JP_Bundle_CLINS carries (R9011, R9014). */
export interface Recorded {
  institution: string;
  /** SS-MIX2 department code and name (JP_eCS_Department). */
  department: { code: string; display: string };
  /** The patient reference (a fullUrl inside the Bundle, or Patient/<id> once stored). */
  patient: string;
  /** The sender's identifier of the resource (its idempotency key in the hub). */
  identifier: string;
  /** 長期保存 (LTS) and 未告知 (UNINFORMED) flags (JP_ehrshrs_indication). */
  flags?: ("LTS" | "UNINFORMED")[];
  /** A resource id, when the resource is stored on its own. */
  id?: string;
}

const meta = (name: string, flags: Recorded["flags"]): Meta => ({
  ...profile(`${JP.eCS}${name}`),
  ...(flags?.length ? { tag: flags.map((code) => ({ system: INDICATION_TAG, code, display: code === "LTS" ? "長期保存" : "未告知" })) } : {}),
});
const institutionExt = (institution: string): Extension => ({ url: INSTITUTION_EXT, valueIdentifier: { system: INSTITUTION_SYSTEM, value: institution } });
const identifier = (value: string) => [{ system: JP.resourceIdentifier, value }];
const concept = (codings: Coding[], text: string): CodeableConcept => ({ coding: codings, text });
const ENCOUNTER_ID = "encounter";
const PRACTITIONER_ID = "practitioner";
const containedEncounter = (): Encounter => ({ resourceType: "Encounter", id: ENCOUNTER_ID, status: "finished", class: { system: JP.actCode, code: "AMB", display: "外来" } });
const containedPractitioner = (name: string): Practitioner => ({
  resourceType: "Practitioner", id: PRACTITIONER_ID, name: [{ extension: [{ url: JP.nameRepresentation, valueCode: "IDE" }], text: name }],
});
const base = (r: Recorded) => ({ ...(r.id ? { id: r.id } : {}), identifier: identifier(r.identifier) });

/** 傷病名: R9013C contained Encounter, R9014C department, R9015C onsetDateTime. */
export function clinsCondition(r: Recorded & { code: Coding; text: string; onset: string; recordedDate?: string; clinicalStatus: "active" | "resolved" | "remission" | "inactive" }): ClinsCondition {
  return {
    resourceType: "Condition", ...base(r), meta: meta("JP_Condition_eCS", r.flags),
    extension: [institutionExt(r.institution), department(r.department.code, r.department.display)],
    contained: [containedEncounter()],
    clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: r.clinicalStatus }] },
    verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: "confirmed" }] },
    code: concept([r.code], r.text), subject: ref(r.patient), encounter: ref(`#${ENCOUNTER_ID}`), onsetDateTime: r.onset,
    ...(r.recordedDate ? { recordedDate: r.recordedDate } : {}),
  };
}

/** アレルギー・薬剤禁忌: a medication allergy of high criticality is what the hub files as a contraindication (R4011). */
export function clinsAllergy(r: Recorded & {
  code: Coding; text: string; category: NonNullable<AllergyIntolerance["category"]>; criticality: NonNullable<AllergyIntolerance["criticality"]>;
  recordedDate: string; reaction?: string;
}): ClinsAllergy {
  return {
    resourceType: "AllergyIntolerance", ...base(r), meta: meta("JP_AllergyIntolerance_eCS", r.flags), extension: [institutionExt(r.institution)],
    clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" }] },
    verificationStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code: "confirmed" }] },
    category: r.category, criticality: r.criticality, code: concept([r.code], r.text), patient: ref(r.patient), recordedDate: r.recordedDate,
    ...(r.reaction ? { reaction: [{ manifestation: [{ text: r.reaction }] }] } : {}),
  };
}

/** 検査: R6021 local code, R9013O/R9019O contained Encounter and Practitioner, R9014O department, R9016O, R9017O. */
export function clinsLabResult(r: Recorded & {
  localCode: string; jlac10: string; text: string; effective: string; value: { number: number; unit: string } | { text: string }; performer: string;
}): ClinsLabResult {
  return {
    resourceType: "Observation", ...base(r), meta: meta("JP_Observation_LabResult_eCS", r.flags),
    extension: [institutionExt(r.institution), department(r.department.code, r.department.display)],
    contained: [containedEncounter(), containedPractitioner(r.performer)], status: "final",
    category: [{ coding: [{ system: "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS", code: "laboratory" }] }],
    code: concept([{ system: LAB_LOCAL_CODE_SYSTEM, code: r.localCode, display: r.text }, { system: LAB_CORE_SYSTEM, code: r.jlac10, display: r.text }], r.text),
    subject: ref(r.patient), encounter: ref(`#${ENCOUNTER_ID}`), effectiveDateTime: r.effective, performer: [ref(`#${PRACTITIONER_ID}`)],
    ...("number" in r.value ? { valueQuantity: { value: r.value.number, unit: r.value.unit } } : { valueString: r.value.text }),
  };
}

/** 処方: R3010 a YJ (or 一般名処方) code, R5020 exactly one usage code, days of supply. */
export function clinsPrescription(r: Recorded & {
  medication: Coding; text: string; authoredOn: string; dosageText: string; usage: { code: string; display: string }; days: number;
  status?: MedicationRequest["status"];
}): ClinsPrescription {
  return {
    resourceType: "MedicationRequest", ...base(r), meta: meta("JP_MedicationRequest_eCS", r.flags),
    extension: [institutionExt(r.institution)], status: r.status ?? "active", intent: "order",
    medicationCodeableConcept: concept([r.medication], r.text), subject: ref(r.patient), authoredOn: r.authoredOn,
    dosageInstruction: [{ text: r.dosageText, timing: { code: { coding: [{ system: MEDICATION_USAGE_SYSTEM, code: r.usage.code, display: r.usage.display }] } } }],
    dispenseRequest: { expectedSupplyDuration: { value: r.days, unit: "日", system: "http://unitsofmeasure.org", code: "d" } },
  };
}
