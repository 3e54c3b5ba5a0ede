import { describe, expect, it } from "vitest";
import { TINY_PNG } from "../build/discharge-summary.js";
import { validateR4 } from "../validate.js";
import { r4Definitions } from "./definitions.js";
import { concretePath } from "./issue-map.js";
import { fhirR4Issues } from "./validator.js";

const ids = (r: unknown) => validateR4(r).map((i) => `${i.severity === "error" ? "" : "warning:"}${i.ruleId}@${i.path}`);
const bundle = (...resources: Record<string, unknown>[]) =>
  ({ resourceType: "Bundle", type: "collection", entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`, resource })) });
const obs = (x: Record<string, unknown> = {}) => ({ resourceType: "Observation", status: "final", code: { text: "HbA1c" }, ...x });

describe("stage 1: the FHIR R4 validator (@medplum/core 4.5.2 with the R4 definitions), its findings as hub issues", () => {
  it("maps each kind of finding to a stable rule id and a concrete path", () => {
    expect(ids({ resourceType: "Patient", gender: "female", birthDay: "1958-04-12" })).toEqual(["fhir-unknown-element@Patient.birthDay"]);
    expect(ids({ resourceType: "Observation", code: { text: "x" } })).toEqual(["fhir-required@Observation.status"]);
    expect(ids(obs({ valueQuantity: { value: "7.2" } }))).toEqual(["fhir-datatype@Observation.valueQuantity.value"]);
    expect(ids(obs({ effectiveDateTime: "2024-1-5" }))).toEqual(["fhir-datatype@Observation.effectiveDateTime"]);
    expect(ids(bundle(obs({ code: { coding: { system: "urn:x", code: "1" } } })))).toEqual(["fhir-datatype@Bundle.entry[0].resource.code.coding"]);
    expect(ids({ resourceType: "Patient", gender: null })).toEqual(["fhir-datatype@Patient.gender"]);
    expect(ids(bundle({ resourceType: "Spaceship" }))).toEqual(["fhir-resource-type@Bundle.entry[0].resource.resourceType"]);
    expect(ids(bundle({ id: "no-type" }))).toEqual(["fhir-resource-type@Bundle.entry[0].resource.resourceType"]);
  });

  it("keeps the FHIR constraint key of an invariant, for nested resources too", () => {
    expect(ids({ resourceType: "Patient", extension: [{ url: "urn:x" }] })).toEqual(["ext-1@Patient.extension[0]"]);
    const dup = bundle({ resourceType: "Patient" }, { resourceType: "Patient" });
    dup.entry[1].fullUrl = dup.entry[0].fullUrl;
    expect(ids(dup)).toEqual(["bdl-7@Bundle"]);
    const allergy = { resourceType: "AllergyIntolerance", patient: { reference: "Patient/x" } };
    expect(ids(allergy)).toEqual(["ait-1@AllergyIntolerance"]);
    // @medplum/core evaluates only the given resource's own invariants; the hub adds those of entries and contained ones
    expect(ids(bundle(allergy))).toEqual(["ait-1@Bundle.entry[0].resource"]);
    expect(ids(obs({ contained: [allergy] }))).toEqual(["ait-1@Observation.contained[0]"]);
  });

  it("a choice element given twice is an error; reference-type warnings on urn:uuid references are dropped", () => {
    expect(ids({ resourceType: "Patient", extension: [{ url: "urn:x", valueString: "a", valueCode: "b" }] })).toContain("fhir-datatype@Patient.extension[0].valueCode");
    const withRef = bundle({ resourceType: "Patient" }, obs({ subject: { reference: "urn:uuid:00000000-0000-4000-8000-000000000000" } }));
    expect(fhirR4Issues(withRef)).toEqual([]);
  });

  it("checks attachments bigger than the validator's 1 MB string limit without that limit, and leaves their data as it was", () => {
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(1_200_000, 7)]).toString("base64");
    const b = bundle({ resourceType: "DocumentReference", status: "current", content: [{ attachment: { contentType: "image/png", data: big } }] });
    expect(fhirR4Issues(b)).toEqual([]);
    expect((b.entry[0].resource as any).content[0].attachment.data).toBe(big);
  });

  it("names choice elements and array items as they are in the JSON", () => {
    const o = { resourceType: "Bundle", entry: [{ resource: { resourceType: "Observation" } }, { resource: { resourceType: "Observation", valueQuantity: { value: "x" } } }] };
    expect(concretePath(o, "Bundle.entry[1].resource.value[x].value")).toBe("Bundle.entry[1].resource.valueQuantity.value");
    expect(concretePath(o, "Bundle.entry.resource.valueQuantity")).toBe("Bundle.entry[1].resource.valueQuantity");
    expect(concretePath(o, "Bundle.nothing.here")).toBe("Bundle.nothing.here");
  });
});

describe("the hub's R4 rules on top of the validator", () => {
  it("checks every enumerable required binding of the base specification: code, Coding and CodeableConcept", () => {
    expect(ids({ resourceType: "Patient", gender: "M" })).toEqual(["fhir-code-value@Patient.gender"]);
    expect(ids({ resourceType: "MedicationRequest", status: "active", intent: "prescription", subject: { reference: "Patient/x" }, medicationCodeableConcept: { text: "x" } }))
      .toEqual(["fhir-code-value@MedicationRequest.intent"]);
    const allergy = (clinical: string) => ({ resourceType: "AllergyIntolerance", patient: { reference: "Patient/x" },
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: clinical }] } });
    expect(ids(allergy("active"))).toEqual([]);
    expect(ids(allergy("gone"))).toEqual(["fhir-code-value@AllergyIntolerance.clinicalStatus.coding"]);
    expect(ids(bundle({ resourceType: "Patient", contact: [{ name: { text: "北条 一郎" }, gender: "F" }] }))).toEqual(["fhir-code-value@Bundle.entry[0].resource.contact[0].gender"]);
    const { requiredValueSets } = r4Definitions();
    expect(requiredValueSets.size).toBeGreaterThan(200);
    expect(requiredValueSets.has("http://hl7.org/fhir/ValueSet/mimetypes")).toBe(false); // BCP-13 is not enumerable: attachments.ts checks types
  });

  it("refuses days that are not on the calendar, bad resource ids and empty values", () => {
    expect(ids({ resourceType: "Patient", birthDate: "2023-02-29" })).toEqual(["fhir-datatype@Patient.birthDate"]);
    expect(ids({ resourceType: "Patient", birthDate: "2024-02-29" })).toEqual([]);
    expect(ids(obs({ id: "P-0001-lab_lifestyle-014" }))).toEqual(["fhir-id@Observation.id"]);
    expect(ids({ resourceType: "Patient", name: [] })).toEqual(["fhir-datatype@Patient.name"]);
    expect(ids({ resourceType: "Patient", name: [{ text: "" }] })).toEqual(["fhir-datatype@Patient.name[0].text"]);
  });
});
