import { describe, expect, it } from "vitest";
import { validateClinicalBundle, validateDocumentBundle } from "./validate.js";
import { example, type ExampleName } from "./examples.testkit.js";

type Variant = [name: string, mutate: (b: Record<string, any>) => void, rule: string];
const patient = (b: any) => b.entry.find((e: any) => e.resource.resourceType === "Patient").resource;
const obs = (b: any) => b.entry[1].resource;

/** Document Bundle variants of the project's referral example, built in memory. */
const DOCUMENT: Variant[] = [
  ["not a document Bundle", (b) => { b.type = "collection"; }, "fhir-bundle-type"],
  // The R4 invariant bdl-11 (stage 1) catches it before the hub's own doc-composition-first would.
  ["Composition not first", (b) => { b.entry.push(b.entry.shift()); }, "bdl-11"],
  ["unknown document type", (b) => { b.entry[0].resource.type.coding[0].code = "11488-4"; }, "doc-type-code"],
  ["document type in the LOINC system", (b) => { b.entry[0].resource.type.coding[0].system = "http://loinc.org"; }, "doc-type-code"],
  ["wrong bundle identifier system", (b) => { b.identifier.system = "http://example.org/ids"; }, "R02151"],
  ["bundle identifier value without institution", (b) => { b.identifier.value = "2024^abc"; }, "R2152"],
  ["dangling reference", (b) => { b.entry[0].resource.author[0].reference = "urn:uuid:00000000-0000-0000-0000-000000000000"; }, "doc-reference-resolves"],
  ["no insured id", (b) => { const p = patient(b); p.identifier = p.identifier.filter((i: any) => !i.system.endsWith("JP_Insurance_memberID")); }, "R1012"],
  ["malformed insured id", (b) => { patient(b).identifier.find((i: any) => i.system.endsWith("JP_Insurance_memberID")).value = "123:ab:cd"; }, "R1013"],
  ["two patients", (b) => { const p = b.entry.find((e: any) => e.resource.resourceType === "Patient"); b.entry.push({ ...p, fullUrl: "urn:uuid:11111111-1111-1111-1111-111111111111" }); }, "doc-one-patient"],
  ["Composition without title", (b) => { delete b.entry[0].resource.title; }, "fhir-required"],
  ["Composition status not in its value set", (b) => { b.entry[0].resource.status = "done"; }, "fhir-code-value"],
  ["Composition date not a dateTime", (b) => { b.entry[0].resource.date = "26/11/2021"; }, "fhir-datatype"],
  ["9-digit institution number", (b) => { b.entry.find((e: any) => e.resource.resourceType === "Organization").resource.identifier[0].value = "131987654"; }, "R1021"],
  ["full-width space in the name", (b) => { patient(b).name = [{ text: "北条　花子" }]; }, "R1113"],
  ["entry without fullUrl", (b) => { delete b.entry[1].fullUrl; }, "fhir-bundle-fullurl"],
  ["duplicate fullUrl", (b) => { b.entry[2].fullUrl = b.entry[1].fullUrl; }, "bdl-7"],
  ["subject is not the Bundle's patient", (b) => { b.entry[0].resource.subject.reference = b.entry.find((e: any) => e.resource.resourceType === "Organization").fullUrl; }, "doc-patient-consistent"],
  ["referral without 紹介先情報", (b) => { b.entry[0].resource.section = b.entry[0].resource.section.filter((s: any) => s.code?.coding?.[0]?.code !== "910"); }, "doc-required-section"],
  ["structured and CDA sections together", (b) => { b.entry[0].resource.section.push({ title: "CDA", code: { coding: [{ code: "200" }] }, text: { status: "additional", div: '<div xmlns="http://www.w3.org/1999/xhtml">CDA</div>' } }); }, "checkExist-CDASection-or-structuredSection"],
  ["Condition without subject", (b) => { delete b.entry.find((e: any) => e.resource.resourceType === "Condition").resource.subject; }, "fhir-required"],
  ["unknown resource type", (b) => { b.entry.push({ fullUrl: "urn:uuid:22222222-2222-2222-2222-222222222222", resource: { resourceType: "Spaceship" } }); }, "fhir-resource-type"],
];

/** JP_Bundle_CLINS variants of the project's lab-result collection Bundle. */
const CLINS: Variant[] = [
  ["no CLINS profile", (b) => { b.meta.profile = ["http://example.org/Bundle"]; }, "R0213"],
  ["no resource-type tag", (b) => { b.meta.tag = []; }, "R02141"],
  ["tag names an unknown type", (b) => { b.meta.tag[0].code = "Procedure"; }, "R02142"],
  ["tagged type absent", (b) => { b.meta.tag[0].code = "Condition"; }, "R02143"],
  ["Patient not first", (b) => { b.entry.push(b.entry.shift()); }, "R0211"],
  ["Patient without JP_Patient_eCS", (b) => { b.entry[0].resource.meta.profile = ["http://hl7.org/fhir/StructureDefinition/Patient"]; }, "R0212"],
  ["entry without institution number", (b) => { obs(b).extension = obs(b).extension.filter((x: any) => !x.url.endsWith("JP_eCS_InstitutionNumber")); }, "R9011"],
  ["institution number of 8 digits", (b) => { obs(b).extension.find((x: any) => x.url.endsWith("JP_eCS_InstitutionNumber")).valueIdentifier.value = "13188147"; }, "R9012"],
  ["lab without local code", (b) => { obs(b).code.coding = obs(b).code.coding.filter((c: any) => !c.system.endsWith("LocalCode_CS")); }, "R6021"],
  ["Observation without contained Encounter", (b) => { obs(b).contained = obs(b).contained.filter((c: any) => c.resourceType !== "Encounter"); }, "R9013O"],
  ["Observation without department", (b) => { obs(b).extension = obs(b).extension.filter((x: any) => !x.url.endsWith("JP_eCS_Department")); }, "R9014O"],
  ["Observation without performer", (b) => { delete obs(b).performer; }, "R9017O"],
  ["Observation with hasMember", (b) => { obs(b).hasMember = [{ reference: b.entry[2].fullUrl }]; }, "R6081"],
  ["LTS tag on a non-infection test", (b) => { obs(b).meta.tag = [{ system: "http://jpfhir.jp/fhir/clins/CodeSystem/JP_ehrshrs_indication", code: "LTS" }]; }, "R6031"],
  ["lab without the LabResult profile", (b) => { obs(b).meta.profile = ["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_Common_eCS"]; }, "validEntryProfile-ObservationLabResult"],
  ["Observation status outside its value set", (b) => { obs(b).status = "done"; }, "fhir-code-value"],
];

function runVariants(title: string, name: ExampleName, list: Variant[], validate: (b: unknown) => { ruleId: string; path: string; severity: string }[]) {
  describe(title, () => {
    it("the unmodified example passes", () => expect(validate(example(name)).filter((i) => i.severity === "error")).toEqual([]));
    for (const [what, mutate, rule] of list) {
      it(`${what} → ${rule}`, () => {
        const b = example(name);
        mutate(b);
        const issues = validate(b);
        const hit = issues.find((i) => i.ruleId === rule && i.severity === "error");
        expect(hit, JSON.stringify(issues)).toBeDefined();
        expect(hit!.path).toMatch(/^(Bundle|Composition)/);
      });
    }
  });
}

runVariants("document Bundle variants are refused with their rule id and a path", "referral-57133-1", DOCUMENT, validateDocumentBundle);
runVariants("JP_Bundle_CLINS variants are refused with their rule id and a path", "clins-lab", CLINS, validateClinicalBundle);

it("at least 20 distinct invalid bundles are tried", () => expect(new Set([...DOCUMENT, ...CLINS].map(([n]) => n)).size).toBeGreaterThanOrEqual(20));
