import { describe, expect, it } from "vitest";
import { bundlePatient, identityIssues, normaliseName } from "./identity.js";
import { example } from "../fhir/examples.testkit.js";

const record = { id: "P-x", name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", gender: "female" };
const p = (x: Partial<ReturnType<typeof bundlePatient>>) => ({ index: 1, name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", gender: "female", ...x });

describe("identity check at ingestion (本人確認)", () => {
  it("compares names after width and space normalisation, hiragana as katakana", () => {
    expect(normaliseName("北条　花子")).toBe(normaliseName("北条花子"));
    expect(normaliseName("ﾎｳｼﾞｮｳ ﾊﾅｺ")).toBe(normaliseName("ホウジョウハナコ"));
    expect(normaliseName("ほうじょう はなこ")).toBe(normaliseName("ホウジョウ ハナコ"));
    expect(identityIssues(p({ name: "北条花子", kana: null }), record)).toEqual([]);
    expect(identityIssues(p({ name: "北條 花子", kana: "ﾎｳｼﾞｮｳ ﾊﾅｺ" }), record)).toEqual([]);
  });

  it("refuses another person under the same insured id: name, birth date and sex, each with its path", () => {
    const issues = identityIssues(p({ name: "牧野 爛漫", kana: "マキノ ランマン", birthDate: "1930-01-01", gender: "male" }), record);
    expect(issues.map((i) => [i.ruleId, i.path])).toEqual([
      ["patient-identity-mismatch", "Bundle.entry[1].resource.name"],
      ["patient-identity-mismatch", "Bundle.entry[1].resource.birthDate"],
      ["patient-identity-mismatch", "Bundle.entry[1].resource.gender"],
    ]);
    expect(identityIssues(p({ birthDate: "1958-04-13" }), record).map((i) => i.path)).toEqual(["Bundle.entry[1].resource.birthDate"]);
    expect(identityIssues(p({ gender: "unknown" }), record)).toEqual([]);
  });

  it("reads the Patient of the project's examples as the issuer wrote it", () => {
    const b = bundlePatient(example("referral-57133-1"))!;
    expect(b.name).toBeTruthy();
    expect(b.kana).toBeTruthy();
    expect(b.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
