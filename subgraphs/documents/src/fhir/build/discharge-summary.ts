import { randomUUID } from "node:crypto";

/** What a discharge summary says; everything else is filled from the profile's fixed values. */
export interface DischargeSummaryInput {
  institution: string;
  institutionName?: string;
  insuredId: string;
  patientName: string;
  patientKana?: string;
  birthDate: string;
  gender?: "male" | "female" | "other" | "unknown";
  admittedOn: string;
  dischargedOn: string;
  diagnosisOnAdmission: string;
  hospitalCourse: string;
  /** Key images or PDFs to attach (base64 data inline; the hub stores them apart and links them). */
  attachments?: { contentType: string; data: Buffer; title: string }[];
}

const div = (text: string) => ({ status: "additional", div: `<div xmlns="http://www.w3.org/1999/xhtml">${text}</div>` });
const section = (code: string, title: string, text: string, entry?: string[]) => ({
  title, code: { coding: [{ system: "http://jpfhir.jp/fhir/clins/CodeSystem/document-section", code, display: `${title}セクション` }] },
  text: div(text), ...(entry ? { entry: entry.map((reference) => ({ reference })) } : {}),
});

/**
 * A 退院時サマリー document Bundle after JP_Bundle_eDischargeSummary / JP_Composition_eDischargeSummary (JP-CLINS
 * v1.5): Composition (doc-typecodes 18842-5) with the structured section 300 holding 入院時診断 342, 入院中経過 333
 * and 退院時診断 344, plus an attachment section 210; Patient (JP_Patient_eCS, insured-person id), Organization
 * (institution number), Practitioner, Encounter and the admission Condition. No example is published by the IG.
 */
export function buildDischargeSummary(x: DischargeSummaryInput): Record<string, unknown> {
  const u = () => `urn:uuid:${randomUUID()}`;
  const [comp, pat, org, doc, enc, cond] = [u(), u(), u(), u(), u(), u()];
  const atts = (x.attachments ?? []).map((a) => ({ url: u(), a }));
  const year = x.dischargedOn.slice(0, 4);
  return {
    resourceType: "Bundle", type: "document", timestamp: `${x.dischargedOn}T10:00:00+09:00`,
    meta: { profile: ["http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eDischargeSummary"] },
    identifier: { system: "http://jpfhir.jp/fhir/clins/bundle-identifier", value: `${x.institution}^${year}^DS-${randomUUID().slice(0, 8)}` },
    entry: [
      { fullUrl: comp, resource: {
        resourceType: "Composition", status: "final", title: "退院時サマリー", date: `${x.dischargedOn}T10:00:00+09:00`,
        meta: { profile: ["http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Composition_eDischargeSummary"] },
        type: { coding: [{ system: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes", code: "18842-5", display: "退院時サマリー" }] },
        subject: { reference: pat }, encounter: { reference: enc }, author: [{ reference: doc }, { reference: org }], custodian: { reference: org },
        section: [
          { ...section("300", "構造情報", "構造情報"), section: [
            section("342", "入院時診断", x.diagnosisOnAdmission, [cond]),
            section("333", "入院中経過", x.hospitalCourse),
            section("344", "退院時診断", x.diagnosisOnAdmission, [cond]),
          ] },
          ...(atts.length ? [section("210", "添付情報", atts.map((t) => t.a.title).join("、"), atts.map((t) => t.url))] : []),
        ],
      } },
      { fullUrl: pat, resource: {
        resourceType: "Patient", meta: { profile: ["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Patient_eCS"] },
        identifier: [
          { system: `urn:oid:1.2.392.100495.20.3.51.1${x.institution}`, value: randomUUID().slice(0, 8) },
          { system: "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID", value: x.insuredId },
        ],
        name: [
          { use: "official", text: x.patientName, extension: [{ url: "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", valueCode: "IDE" }] },
          ...(x.patientKana ? [{ use: "official", text: x.patientKana, extension: [{ url: "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", valueCode: "SYL" }] }] : []),
        ],
        gender: x.gender ?? "female", birthDate: x.birthDate,
      } },
      { fullUrl: org, resource: {
        resourceType: "Organization", name: x.institutionName ?? "退院元医療機関",
        identifier: [{ system: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no", value: x.institution }],
      } },
      { fullUrl: doc, resource: { resourceType: "Practitioner", name: [{ text: "担当医" }] } },
      { fullUrl: enc, resource: {
        resourceType: "Encounter", status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP" },
        period: { start: x.admittedOn, end: x.dischargedOn },
      } },
      { fullUrl: cond, resource: {
        resourceType: "Condition", subject: { reference: pat }, onsetDateTime: x.admittedOn, code: { text: x.diagnosisOnAdmission },
        clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "resolved" }] },
      } },
      ...atts.map((t) => ({ fullUrl: t.url, resource: {
        resourceType: "DocumentReference", status: "current", description: t.a.title,
        type: { coding: [{ system: "http://loinc.org", code: "55113-5", display: "Key images" }] }, subject: { reference: pat },
        content: [{ attachment: { contentType: t.a.contentType, data: t.a.data.toString("base64"), title: t.a.title, size: t.a.data.length } }],
      } })),
    ],
  };
}

/** A tiny valid PNG (1×1 pixel), the demo's key image. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
