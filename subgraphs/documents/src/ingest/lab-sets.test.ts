import { describe, expect, it } from "vitest";
import { fixturesPresent, jsonFiles, load } from "../fhir/fixtures.testkit.js";
import { example } from "../fhir/examples.testkit.js";
import { mapResource } from "./record-mapping.js";

/** Observations of a Bundle or a single resource file. */
const observations = (d: Record<string, any>): Record<string, any>[] =>
  (d.resourceType === "Bundle" ? (d.entry ?? []).map((e: any) => e.resource) : [d]).filter((r: any) => r?.resourceType === "Observation");

/** The JP-CLINS lab sets: 生活習慣病関連 (lifestyle) vs 救急時に有用な検査 (emergency), by JLAC10 analyte. */
const EXPECTED: Record<string, string> = {
  "8A065": "lab_lifestyle", // eGFR (推算GFR)
  "1A990": "lab_lifestyle", // 尿蛋白 (定性)
  "3H015": "lab_emergency", // potassium
  "3A015": "lab_emergency", // albumin
};

describe("lab sets from the IG's code lists", () => {
  it.runIf(fixturesPresent)("every lab in the IG's six-information examples lands in its set (eGFR and urine protein are lifestyle labs)", () => {
    const seen = new Set<string>();
    for (const f of jsonFiles("valid/six-info")) {
      for (const r of observations(load(f))) {
        const m = mapResource(r)!;
        if (m.category === "infection") continue;
        expect(EXPECTED[m.code!], `${f}: ${m.code}`).toBe(m.category);
        seen.add(m.code!);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("the project's lab example keeps its set", () => {
    for (const r of observations(example("clins-lab"))) expect(["lab_lifestyle", "lab_emergency", "infection"]).toContain(mapResource(r)!.category);
  });
});
