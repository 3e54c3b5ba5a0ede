import type { ValidationIssue } from "@hub/common";
import { issue, warning } from "./issue.js";
import { GENERAL_NAME_CODES, GENERAL_NAME_SYSTEM, generalNameCodeOf } from "./terminology.js";
import { claims, isObject, type Json } from "./walk.js";

export const YJ_SYSTEM = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code";
export const NOCODED_SYSTEM = "http://jpfhir.jp/fhir/eCS/CodeSystem/MedicationCodeNocoded_CS";
export const LAB_LOCAL_CODE_SYSTEM = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_LocalCode_CS";
const USAGE_MHLW = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUsage_ePrescription";
const USAGE_DUMMY = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_MedicationUsage_Uncoded_CS";

export const codings = (cc: unknown): Json[] => (isObject(cc) && Array.isArray(cc.coding) ? (cc.coding as unknown[]).filter(isObject) : []);

/** Is this Observation a lab result (category laboratory)? */
export function isLabObservation(r: Json): boolean {
  return r.resourceType === "Observation" && Array.isArray(r.category) && (r.category as unknown[]).some((c) => codings(c).some((x) => x.code === "laboratory"));
}

const LAB_PROFILE = "http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_LabResult_eCS";
/** Does the resource claim JP_Observation_LabResult_eCS (the CLINS lab result; checkup results use their own profile)? */
const claimsLabProfile = (r: Json) => claims(r, LAB_PROFILE);

/** JP-CLINS rules on the six kinds of clinical information, per resource (RULES.md). */
export function resourceRules(r: Json, path: string): ValidationIssue[] {
  if (r.resourceType === "MedicationRequest") return medicationRules(r, path);
  if (claimsLabProfile(r) && !codings(r.code).some((c) => c.system === LAB_LOCAL_CODE_SYSTEM)) {
    // R6021 (JP_Bundle_CLINS 1.10.0; a warning on a standalone resource in the IG): the hub keys lab lists by the
    // local code, so it requires it everywhere.
    return [issue("R6021", `${path}.code.coding`, `a lab result needs a local lab code (${LAB_LOCAL_CODE_SYSTEM})`)];
  }
  return [];
}

function medicationRules(r: Json, path: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const cs = codings(r.medicationCodeableConcept);
  // R3010 (needs-anyOfStandardCode-medication, jp-clins 1.5.2): YJ, 一般名処方 or the explicit "no standard code".
  if (!cs.some((c) => c.system === YJ_SYSTEM || c.system === GENERAL_NAME_SYSTEM || c.system === NOCODED_SYSTEM)) {
    out.push(issue("R3010", `${path}.medicationCodeableConcept.coding`, "the drug needs a YJ code, a 一般名処方 code or the no-standard-code marker"));
  }
  cs.forEach((c, i) => {
    if (c.system !== GENERAL_NAME_SYSTEM || typeof c.code !== "string") return;
    const at = `${path}.medicationCodeableConcept.coding[${i}].code`;
    if (GENERAL_NAME_CODES.has(c.code)) return;
    const known = typeof c.display === "string" ? generalNameCodeOf(c.display) : undefined;
    if (known) out.push(issue("JP_MedicationCodeCommon_VS", at, `${c.code} is not in the 一般名処方 value set; "${c.display}" is ${known}`));
    else out.push(warning("terminology-unverified", at, `${c.code} is not in the shipped subset of the 一般名処方 master`));
  });
  const dosages = Array.isArray(r.dosageInstruction) ? (r.dosageInstruction as unknown[]).filter(isObject) : [];
  dosages.forEach((d, i) => {
    const timing = isObject(d.timing) ? d.timing : undefined;
    const systems = codings(timing?.code).map((c) => c.system);
    const at = `${path}.dosageInstruction[${i}].timing.code`;
    const mhlw = systems.filter((s) => s === USAGE_MHLW).length;
    const dummy = systems.filter((s) => s === USAGE_DUMMY).length;
    if (mhlw > 0 && dummy > 0) out.push(issue("R5021", at, "the e-prescription usage code and the dummy usage code must not both be present"));
    else if (mhlw + dummy !== 1) out.push(issue("R5020", at, "timing.code needs exactly one usage code: the MHLW e-prescription usage code or the dummy usage code"));
  });
  return out;
}
