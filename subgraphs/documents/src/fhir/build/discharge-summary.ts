import type { Bundle } from "@medplum/fhirtypes";
import { randomIds, type Ids } from "./ids.js";
import {
  JP, bundleIdentifier, documentBundle, jpAttachment, jpComposition, jpCondition, jpEncounter, jpOrganization, jpPatient, jpPractitioner, section,
  type AttachmentInput, type Entry,
} from "./jp.js";

/** What a discharge summary says; everything else is filled from the profile's fixed values. */
export interface DischargeSummaryInput {
  institution: string;
  institutionName?: string;
  /** JIS X 0401 prefecture code of the institution (default 13, Tokyo). */
  prefecture?: string;
  insuredId: string;
  patientName: string;
  patientKana?: string;
  birthDate: string;
  gender?: "male" | "female" | "other" | "unknown";
  admittedOn: string;
  dischargedOn: string;
  diagnosisOnAdmission: string;
  hospitalCourse: string;
  /** 退院時診断, when it differs from the diagnosis on admission. */
  dischargeDiagnosis?: string;
  doctor?: string;
  /** Key images or PDFs to attach (base64 data inline; the hub stores them apart and links them). */
  attachments?: AttachmentInput[];
  ids?: Ids;
}

/**
 * A 退院時サマリー document Bundle after JP_Bundle_eDischargeSummary / JP_Composition_eDischargeSummary (JP-CLINS
 * v1.5; doc-typecodes 18842-5): the structured section 300 with 入院時診断 342, 入院中経過 333 and 退院時診断 344, an
 * attachment section 210; Patient (JP_Patient_eCS), Organization (institution number), Practitioner, the inpatient
 * Encounter and the diagnoses as Conditions. The IG publishes no example; this one is built from the profile.
 */
export function buildDischargeSummary(x: DischargeSummaryInput): Bundle {
  const ids = x.ids ?? randomIds();
  const at = `${x.dischargedOn}T10:00:00+09:00`;
  const [comp, pat, org, doc, enc, admission, discharge] = Array.from({ length: 7 }, () => ids.urn());
  const files = (x.attachments ?? []).map((a) => ({ fullUrl: ids.urn(), resource: jpAttachment(pat, a, at) }));
  const dischargeText = x.dischargeDiagnosis ?? x.diagnosisOnAdmission;
  const entries: Entry[] = [
    { fullUrl: comp, resource: jpComposition({
      profile: `${JP.clins}JP_Composition_eDischargeSummary`, typeCode: "18842-5", typeDisplay: "退院時サマリー", title: "退院時サマリー",
      date: at, subject: pat, encounter: enc, authors: [doc, org], custodian: org,
      sections: [
        section("300", "構造情報", null, [], [
          section("342", "入院時診断", x.diagnosisOnAdmission, [admission]),
          section("333", "入院中経過", x.hospitalCourse),
          section("344", "退院時診断", dischargeText, [discharge]),
        ]),
        ...(files.length ? [section("210", "添付情報", files.map((f) => f.resource.description).join("、"), files.map((f) => f.fullUrl))] : []),
      ],
    }) },
    { fullUrl: pat, resource: jpPatient({
      institution: x.institution, localId: ids.local("PAT"), insuredId: x.insuredId, name: x.patientName, kana: x.patientKana,
      birthDate: x.birthDate, gender: x.gender ?? "female",
    }) },
    { fullUrl: org, resource: jpOrganization({ institution: x.institution, name: x.institutionName ?? "退院元医療機関", prefecture: x.prefecture ?? "13" }) },
    { fullUrl: doc, resource: jpPractitioner(x.doctor ?? "担当医") },
    { fullUrl: enc, resource: jpEncounter("IMP", { start: x.admittedOn, end: x.dischargedOn }) },
    { fullUrl: admission, resource: jpCondition(pat, x.diagnosisOnAdmission, x.admittedOn, "active") },
    { fullUrl: discharge, resource: jpCondition(pat, dischargeText, x.admittedOn, "resolved") },
    ...files,
  ];
  return documentBundle({
    profile: `${JP.clins}JP_Bundle_eDischargeSummary`, identifier: bundleIdentifier(x.institution, at, ids.local("DS")), timestamp: at, entries,
  });
}

/** A tiny valid PNG (1×1 pixel), the demo's key image. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
