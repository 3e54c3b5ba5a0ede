import { describe, expect, it } from "vitest";
import { hasErrors, validateClinicalBundle, validateDocumentBundle, validateResource } from "./validate.js";
import { documentTypeOf } from "./document-rules.js";
import { insuredIdOf } from "./patient-rules.js";
import { buildDischargeSummary, TINY_PNG } from "./build/discharge-summary.js";
import { fixturesPresent, jsonFiles, load } from "./fixtures.testkit.js";

/** Any file: a document Bundle, a CLINS collection Bundle or a single resource, each with its own checks. */
const check = (j: Record<string, any>) =>
  j.resourceType !== "Bundle" ? validateResource(j) : j.type === "collection" ? validateClinicalBundle(j) : validateDocumentBundle(j);
const errors = (j: Record<string, any>) => check(j).filter((i) => i.severity === "error");

/** The IG's official examples: an additional conformance suite, run when ../shared is there (CI). */
describe.runIf(fixturesPresent)("the IG's examples (conformance suite)", () => {
  const valid = jsonFiles("valid");
  it("finds the published examples", () => expect(valid.length).toBeGreaterThanOrEqual(20));
  for (const f of valid) it(`accepts ${f}`, () => expect(errors(load(f))).toEqual([]));

  const expected: Record<string, string> = {
    "MedicationRequest-ErrorExample-JP-MedReq-ExtEye-Total1.json": "R3010",
    "MedicationRequest-ErrorExample-JP-MedReq-PO-SID-28days.json": "JP_MedicationCodeCommon_VS",
    "Observation-ErrorExample-ObsLabo-eGFR.json": "R6021",
  };
  const invalid = jsonFiles("invalid");
  it("knows what each deliberate error example should fail", () => expect(invalid.map((f) => f.split("/").at(-1))).toEqual(expect.arrayContaining(Object.keys(expected))));
  for (const f of invalid) {
    it(`refuses ${f} with its rule id`, () => {
      const issues = errors(load(f));
      expect(issues.map((i) => i.ruleId)).toContain(expected[f.split("/").at(-1)!]);
      expect(issues.every((i) => i.path.length > 0)).toBe(true);
    });
  }

  it("refuses the pre-CLINS referral with the bundle-identifier and insured-id rules", () => {
    expect(errors(load("legacy/referral-pre-clins/Bundle-BundleReferralExample01.json")).map((i) => i.ruleId)).toEqual(expect.arrayContaining(["R02151", "R2152", "R1012"]));
  });

  it("finds the document type and the insured-person id", () => {
    const referral = load("valid/referral/Bundle-Bundle-CLINS-Referral-Example-01.json");
    expect(documentTypeOf(referral)).toBe("REFERRAL");
    expect(insuredIdOf(referral)).toBe("00012345:あいう:１８７:05");
    expect(documentTypeOf(load("valid/pcs/Bundle-Bundle-CLINS-PCS-Example-01.json"))).toBe("PATIENT_SUMMARY"); // the fourth kind
  });
});

describe("a discharge summary built from the profile (no IG example exists)", () => {
  const ds = () => buildDischargeSummary({
    institution: "1310000002", insuredId: "06139992:ひ-12:3456:01", patientName: "北条 花子", birthDate: "1958-04-12",
    admittedOn: "2026-10-01", dischargedOn: "2026-10-12", diagnosisOnAdmission: "急性心内膜下梗塞", hospitalCourse: "PCI施行",
    attachments: [{ contentType: "image/png", data: TINY_PNG, title: "冠動脈造影" }],
  }) as Record<string, any>;
  it("passes every check and is typed DISCHARGE_SUMMARY", () => {
    expect(validateDocumentBundle(ds())).toEqual([]);
    expect(documentTypeOf(ds())).toBe("DISCHARGE_SUMMARY");
  });
  it("needs 入院時診断 and 入院中経過", () => {
    const b = ds();
    b.entry[0].resource.section[0].section.splice(0, 2);
    expect(validateDocumentBundle(b).filter((i) => i.ruleId === "doc-required-section").map((i) => i.path)).toEqual(["Composition.section[0].section", "Composition.section[0].section"]);
  });
  it("warnings alone do not refuse", () => expect(hasErrors([{ ruleId: "x", path: "y", message: "", severity: "warning" }])).toBe(false));
});
