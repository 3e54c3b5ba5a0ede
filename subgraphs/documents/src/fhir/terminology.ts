/**
 * The part of the MHLW 一般名処方マスタ (JP_MedicationCodeCommon_VS) the hub ships: the entries the IG examples and
 * the demo data use. A production deployment loads the full master (quarterly) into this map. A code that is not
 * here but whose name is here under another code is an error (the HL7 validator reports the same case as "not in
 * the value set"); a code this subset does not know at all is a warning, never a silent pass.
 */
export const GENERAL_NAME_SYSTEM = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode";

export const GENERAL_NAME_CODES: ReadonlyMap<string, string> = new Map([
  ["1124030F2ZZZ", "【般】クアゼパム錠２０ｍｇ"],
]);

/** The code a name is filed under, if the shipped subset knows the name. */
export function generalNameCodeOf(display: string): string | undefined {
  for (const [code, name] of GENERAL_NAME_CODES) if (name === display) return code;
  return undefined;
}
