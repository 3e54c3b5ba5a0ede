import { describe, expect, it } from "vitest";
import { ANONYMISED_MIN_K, LegalBasis as B, ProcessingLevel as P, RequesterKind as K, effectiveK, processingOf } from "./processing.js";

describe("加工形態 follows the purpose and the kind of data user", () => {
  it("pseudonymised only for research projects on a basis that allows it", () => {
    expect(processingOf("HRESCH", B.ACADEMIC_RESEARCH, K.ACADEMIC_INSTITUTION)).toBe(P.PSEUDONYMISED);
    expect(processingOf("HRESCH", B.PSEUDONYMISED_MEDICAL_DATA, K.INDUSTRY)).toBe(P.PSEUDONYMISED);
    expect(processingOf("HRESCH", B.ANONYMISED_MEDICAL_DATA, K.ACADEMIC_INSTITUTION)).toBe(P.ANONYMISED);
    expect(processingOf("HRESCH", B.ANONYMISED_MEDICAL_DATA, K.INDUSTRY)).toBe(P.ANONYMISED);
    expect(processingOf("PUBHLTH", B.PUBLIC_HEALTH, K.PUBLIC_AGENCY)).toBe(P.ANONYMISED);
    expect(processingOf("HOPERAT", B.ANONYMISED_MEDICAL_DATA, K.HEALTHCARE_PROVIDER)).toBe(P.ANONYMISED);
  });

  it("refuses combinations the law does not offer, with a clear message", () => {
    expect(() => processingOf("HRESCH", B.ACADEMIC_RESEARCH, K.INDUSTRY)).toThrow(/academic institutions/);
    expect(() => processingOf("PUBHLTH", B.PSEUDONYMISED_MEDICAL_DATA, K.PUBLIC_AGENCY)).toThrow(/HRESCH/);
  });

  it("anonymised releases are held to a stricter k", () => {
    expect(effectiveK(5, P.ANONYMISED)).toBe(ANONYMISED_MIN_K);
    expect(effectiveK(20, P.ANONYMISED)).toBe(20);
    expect(effectiveK(5, P.PSEUDONYMISED)).toBe(5);
  });
});
