import { randomUUID } from "node:crypto";
import type { Bundle } from "@medplum/fhirtypes";
import type { DataSource } from "typeorm";
import { DOCUMENT_TYPES, DocumentEntity, type DocumentType } from "../document/document.entity.js";
import { TINY_PNG, buildDischargeSummary } from "../fhir/build/discharge-summary.js";
import { buildCheckupReport } from "../fhir/build/checkup.js";
import { buildReferral } from "../fhir/build/referral.js";
import type { OrganizationInput, PatientInput } from "../fhir/build/jp.js";
import { extractAttachments } from "../fhir/attachments.js";
import { seedClinicalRecords } from "./clinical-records.js";
import { newExchangeNumber } from "../exchange/exchange-number.js";
import { contentHash } from "../document/versions.js";

const day = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The demo institutions and patients the documents name (SPEC §11; the same facts as the clinical demo data). */
const ORG: Record<string, OrganizationInput & { doctor: string }> = {
  "1310000001": { institution: "1310000001", name: "あおばクリニック", prefecture: "13", doctor: "青葉 一郎" },
  "1310000002": { institution: "1310000002", name: "みなと総合病院", prefecture: "13", doctor: "港 花子" },
  "1310000005": { institution: "1310000005", name: "E医療センター", prefecture: "13", doctor: "江藤 誠" },
};
const PATIENT: Record<string, Omit<PatientInput, "institution">> = {
  "P-0001": { localId: "P-0001", insuredId: "06139992:ひ-12:3456:01", name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", gender: "female" },
  "P-0002": { localId: "P-0002", insuredId: "06139992:さ-07:1188:00", name: "佐藤 健一", kana: "サトウ ケンイチ", birthDate: "1971-09-30", gender: "male" },
  "P-0003": { localId: "P-0003", insuredId: "01130012:す-3:2045:02", name: "鈴木 美咲", kana: "スズキ ミサキ", birthDate: "1985-01-22", gender: "female" },
};

let keyImage: { sha256: string; data: Buffer; title: string | null };

/** 北条 花子's discharge summary from hospital B, with its key image (SPEC §11); the image moves to the attachment store. */
function dischargeSummary(org: string, at: Date): Bundle {
  const p = PATIENT["P-0001"];
  const b = buildDischargeSummary({
    institution: org, institutionName: ORG[org].name, insuredId: p.insuredId, patientName: p.name, patientKana: p.kana, birthDate: p.birthDate,
    gender: p.gender, doctor: ORG[org].doctor, admittedOn: isoDay(new Date(at.getTime() - 12 * day)), dischargedOn: isoDay(at),
    diagnosisOnAdmission: "急性心内膜下梗塞", hospitalCourse: "PCI施行。経過良好にて退院。",
    attachments: [{ contentType: "image/png", data: TINY_PNG, title: "冠動脈造影 キー画像" }],
  });
  [keyImage] = extractAttachments(b as unknown as Record<string, unknown>);
  return b;
}

/** The demo documents, built with the same typed builders as the project's examples, so they pass every check. */
function bundleOf(type: DocumentType, patientId: string, org: string, dest: string | null, at: Date, text: string): Bundle {
  const patient = { ...PATIENT[patientId], institution: org };
  if (type === "DISCHARGE_SUMMARY") return dischargeSummary(org, at);
  if (type === "CHECKUP_REPORT") return buildCheckupReport({ institution: ORG[org], patient, date: isoDay(at), results: { height: 158.1, weight: 52.3, bmi: 20.9, systolic: 118, diastolic: 72, hba1c: 5.4 } });
  return buildReferral({
    from: ORG[org], to: ORG[dest!], patient, date: isoDay(at), purpose: text,
    diagnoses: patientId === "P-0001" ? [{ text: "胸痛", onset: isoDay(new Date(at.getTime() - 7 * day)) }, { text: "2型糖尿病", onset: "2019-04-01" }]
      : [{ text: "腰痛症", onset: isoDay(new Date(at.getTime() - 14 * day)) }],
  });
}

export async function seedDocuments(ds: DataSource): Promise<void> {
  await seedClinicalRecords(ds);
  const now = Date.now();
  // Ids and exchange numbers are random, like those of registered documents: a demo id tells nothing about others.
  const rows: [string, DocumentType, string, string | null, string, boolean, number, string][] = [
    ["P-0001", "REFERRAL", "1310000001", "1310000002", "RETRIEVED", true, 125, "胸痛精査のため御紹介申し上げます。"],
    ["P-0001", "DISCHARGE_SUMMARY", "1310000002", null, "AVAILABLE", false, 100, ""],
    ["P-0002", "REFERRAL", "1310000002", "1310000005", "AVAILABLE", true, 21, "腰痛精査のため御紹介申し上げます。"],
    ["P-0003", "CHECKUP_REPORT", "1310000005", null, "AVAILABLE", false, 200, ""],
  ];
  const docs = rows.map(([patientId, type, org, dest, status, exchanged, daysAgo, text]) => {
    const at = new Date(now - daysAgo * day);
    const bundle = bundleOf(type, patientId, org, dest, at, text) as unknown as Record<string, unknown>;
    return {
      id: randomUUID(), patientId, type, category: DOCUMENT_TYPES[type].category, sourceOrgId: org, destinationOrgId: dest, status,
      issuance: "ELECTRONIC", exchangeNumber: exchanged ? newExchangeNumber() : null, title: DOCUMENT_TYPES[type].title, issuedAt: at, withheld: false,
      retrievedAt: status === "RETRIEVED" ? new Date(at.getTime() + day) : null, retrievedByOrg: status === "RETRIEVED" ? dest : null, bundle,
      bundleIdentifier: String((bundle.identifier as { value: string }).value), contentHash: contentHash(bundle), version: 1,
    };
  });
  await ds.getRepository(DocumentEntity).insert(docs);
  const summaryId = docs.find((d) => d.type === "DISCHARGE_SUMMARY")!.id;
  await ds.query(`INSERT INTO documents.attachments (sha256, content_type, size, content) VALUES ($1, 'image/png', $2, $3)`, [keyImage.sha256, keyImage.data.length, keyImage.data]);
  await ds.query(`INSERT INTO documents.document_attachments (document_id, sha256, position, title) VALUES ($1, $2, 0, $3)`, [summaryId, keyImage.sha256, keyImage.title]);
}
