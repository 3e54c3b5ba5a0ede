import type { Bundle, Patient } from "@medplum/fhirtypes";
import { BUNDLE_TYPE_TAG } from "../clins-rules.js";
import type { ClinsAllergy, ClinsCondition, ClinsLabResult, ClinsPrescription } from "./clins-resources.js";
import { randomIds, type Ids } from "./ids.js";
import { JP, bundleIdentifier, jpPatient, type PatientInput } from "./jp.js";

export type ClinsResource = ClinsCondition | ClinsAllergy | ClinsLabResult | ClinsPrescription;

/**
 * A JP_Bundle_CLINS collection Bundle (6情報の登録, IG v1.5): the Patient first (R0211, JP_Patient_eCS R0212), the
 * resource-type tag (R02141–R02143), the Bundle identifier (R02151, R2152), then the resources, each referring to
 * the Patient by its fullUrl. `resources` receives the Patient's fullUrl and returns the entries of the one type.
 */
export function buildClinsCollection(x: {
  institution: string; timestamp: string; patient: PatientInput; tag: ClinsResource["resourceType"];
  resources: (patientUrl: string) => ClinsResource[]; ids?: Ids;
}): Bundle {
  const ids = x.ids ?? randomIds();
  const patientUrl = ids.urn();
  const patient: Patient = jpPatient(x.patient);
  return {
    resourceType: "Bundle", meta: { profile: [`${JP.clins}JP_Bundle_CLINS`], tag: [{ system: BUNDLE_TYPE_TAG, code: x.tag }] },
    identifier: bundleIdentifier(x.institution, x.timestamp, ids.local("CLINS")), type: "collection", timestamp: x.timestamp,
    entry: [{ fullUrl: patientUrl, resource: patient }, ...x.resources(patientUrl).map((resource) => ({ fullUrl: ids.urn(), resource }))],
  };
}
