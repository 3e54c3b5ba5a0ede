import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateDocumentBundle } from "./validate.js";
import { documentTypeOf } from "./document-rules.js";
import { insuredIdOf } from "./patient-rules.js";

/**
 * The IG's own examples (CC BY-ND 4.0): read, never modified; variants are built here in memory. They live in the
 * shared folder beside the repository (as in CI), or where JP_CLINS_FIXTURES points.
 */
const FIXTURES = process.env.JP_CLINS_FIXTURES ?? join(__dirname, "..", "..", "..", "..", "..", "shared", "fixtures", "jp-clins");
const present = existsSync(FIXTURES);
if (!present) console.warn(`JP-CLINS fixtures not found at ${FIXTURES}: the document check tests are skipped (set JP_CLINS_FIXTURES)`);
const load = (rel: string) => JSON.parse(readFileSync(join(FIXTURES, rel), "utf8")) as Record<string, any>;
const REFERRAL = "valid/referral/Bundle-Bundle-CLINS-Referral-Example-01.json";
const ids = (b: unknown) => validateDocumentBundle(b).map((i) => i.ruleId);

describe.runIf(present)("document Bundle checks on the IG's examples", () => {
  for (const f of [REFERRAL, "valid/referral/Bundle-Bundle-CLINS-Referral-NoEntry-Example-01.json", "valid/referral/v1.10.0/Bundle-Bundle-CLINS-Referral-Example-01.json",
    "valid/checkup/Bundle-Bundle-eCheckupReport-Sample-01.json", "valid/checkup/pkg-1.5.0/Bundle-Bundle-eCheckupReport-Sample-01-with-VersionOfProfile.json",
    "valid/checkup/pkg-1.5.0/Bundle-Bundle-eCheckupReport-Sample-02-GroupItems.json"]) {
    it(`accepts ${f}`, () => {
      expect(validateDocumentBundle(load(f))).toEqual([]);
    });
  }

  it("finds the document type and the insured-person id", () => {
    expect(documentTypeOf(load(REFERRAL))).toBe("REFERRAL");
    expect(insuredIdOf(load(REFERRAL))).toBe("00012345:あいう:１８７:05");
  });

  it("refuses the pre-CLINS referral with the bundle-identifier and insured-id rules", () => {
    expect(ids(load("legacy/referral-pre-clins/Bundle-BundleReferralExample01.json"))).toEqual(expect.arrayContaining(["R02151", "R2152", "R1012"]));
  });
});

describe.runIf(present)("variants built at test time are refused with their rule id and a path", () => {
  const variants: [string, (b: Record<string, any>) => void, string][] = [
    ["not a document Bundle", (b) => { b.type = "collection"; }, "fhir-bundle-type"],
    ["Composition not first", (b) => { b.entry.push(b.entry.shift()); }, "doc-composition-first"],
    ["unknown document type", (b) => { b.entry[0].resource.type.coding[0].code = "11488-4"; }, "doc-type-code"],
    ["wrong bundle identifier system", (b) => { b.identifier.system = "http://example.org/ids"; }, "R02151"],
    ["bundle identifier value without institution", (b) => { b.identifier.value = "2024^abc"; }, "R2152"],
    ["dangling reference", (b) => { b.entry[0].resource.author[0].reference = "urn:uuid:00000000-0000-0000-0000-000000000000"; }, "doc-reference-resolves"],
    ["no insured id", (b) => { const p = b.entry.find((e: any) => e.resource.resourceType === "Patient").resource; p.identifier = p.identifier.filter((i: any) => !i.system.endsWith("JP_Insurance_memberID")); }, "R1012"],
    ["malformed insured id", (b) => { const p = b.entry.find((e: any) => e.resource.resourceType === "Patient").resource; p.identifier.find((i: any) => i.system.endsWith("JP_Insurance_memberID")).value = "123:ab:cd"; }, "R1013"],
    ["two patients", (b) => { const p = b.entry.find((e: any) => e.resource.resourceType === "Patient"); b.entry.push({ ...p, fullUrl: "urn:uuid:11111111-1111-1111-1111-111111111111" }); }, "doc-one-patient"],
    ["Composition without title", (b) => { delete b.entry[0].resource.title; }, "fhir-required"],
    ["9-digit institution number", (b) => { b.entry.find((e: any) => e.resource.resourceType === "Organization").resource.identifier[0].value = "131987654"; }, "R1021"],
    ["full-width space in the name", (b) => { const p = b.entry.find((e: any) => e.resource.resourceType === "Patient").resource; p.name = [{ text: "北条　花子" }]; }, "R1113"],
    ["entry without fullUrl", (b) => { delete b.entry[1].fullUrl; }, "fhir-bundle-fullurl"],
  ];
  for (const [name, mutate, rule] of variants) {
    it(`${name} → ${rule}`, () => {
      const b = load(REFERRAL);
      mutate(b);
      const issues = validateDocumentBundle(b);
      const hit = issues.find((i) => i.ruleId === rule);
      expect(hit, JSON.stringify(issues)).toBeDefined();
      expect(hit!.path.length).toBeGreaterThan(0);
    });
  }
});
