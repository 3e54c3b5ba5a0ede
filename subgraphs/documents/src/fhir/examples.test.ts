import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES_DIR, exampleBundles, exampleText } from "./build/examples.js";
import { documentTypeOf, typeCodeOf } from "./document-rules.js";
import { committedExamples, example, type ExampleName } from "./examples.testkit.js";
import { insuredIdOf } from "./patient-rules.js";
import { validateClinicalBundle, validateDocumentBundle } from "./validate.js";

const check = (b: Record<string, any>) => (b.type === "collection" ? validateClinicalBundle(b) : validateDocumentBundle(b));

describe("the project's own JP-CLINS examples (subgraphs/documents/examples)", () => {
  const built = exampleBundles();

  it("are committed exactly as the builders make them (run `npm run examples` after changing a builder)", () => {
    expect(committedExamples()).toEqual(Object.keys(built).sort());
    for (const [name, bundle] of Object.entries(built)) expect(readFileSync(join(EXAMPLES_DIR, `${name}.json`), "utf8"), name).toBe(exampleText(bundle));
  });

  for (const name of Object.keys(built) as ExampleName[]) {
    it(`${name} passes both stages with no issue at all`, () => expect(check(example(name))).toEqual([]));
  }

  it("cover every document kind and every resource type of the six kinds of clinical information", () => {
    const codes = ["referral-57133-1", "discharge-summary-18842-5", "checkup-report-53576-5", "patient-summary-56447-6"].map((n) => typeCodeOf(example(n as ExampleName).entry[0].resource));
    expect(codes).toEqual(["57133-1", "18842-5", "53576-5", "56447-6"]);
    expect(["referral-57133-1", "discharge-summary-18842-5", "checkup-report-53576-5"].map((n) => documentTypeOf(example(n as ExampleName))))
      .toEqual(["REFERRAL", "DISCHARGE_SUMMARY", "CHECKUP_REPORT"]);
    expect(documentTypeOf(example("patient-summary-56447-6"))).toBe("PATIENT_SUMMARY"); // the fourth kind (JP_Bundle_ePCS)
    const tags = (["clins-condition", "clins-allergy", "clins-lab", "clins-prescription"] as const).map((n) => example(n).meta.tag[0].code);
    expect(tags).toEqual(["Condition", "AllergyIntolerance", "Observation", "MedicationRequest"]);
    expect(insuredIdOf(example("clins-lab"))).toBe("06139992:み-1:2001:01");
  });
});
