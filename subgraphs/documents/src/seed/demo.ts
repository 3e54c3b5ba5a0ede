import type { DataSource } from "typeorm";
import { DOCUMENT_TYPES, DocumentEntity, type DocumentType } from "../document/document.entity.js";
import { TINY_PNG, buildDischargeSummary } from "../fhir/build/discharge-summary.js";
import { extractAttachments } from "../fhir/attachments.js";

/** A small FHIR document Bundle (Composition first, then Patient and author Organization). */
function bundleOf(id: string, type: DocumentType, patientId: string, patientName: string, org: string, at: Date, sections: [string, string][]) {
  const t = DOCUMENT_TYPES[type];
  return {
    resourceType: "Bundle", id, type: "document", timestamp: at.toISOString(),
    identifier: { system: "http://jpfhir.jp/fhir/clins/bundle-identifier", value: `${org}^${at.getFullYear()}^${id}` },
    entry: [
      { fullUrl: `urn:uuid:${id}-comp`, resource: {
        resourceType: "Composition", status: "final", title: t.title, date: at.toISOString(),
        type: { coding: [{ system: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes", code: t.loinc, display: t.title }] },
        subject: { reference: `urn:uuid:${id}-pat` }, author: [{ reference: `urn:uuid:${id}-org` }],
        section: sections.map(([title, text]) => ({ title, text: { status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml">${text}</div>` } })),
      } },
      { fullUrl: `urn:uuid:${id}-pat`, resource: { resourceType: "Patient", identifier: [{ value: patientId }], name: [{ text: patientName }] } },
      { fullUrl: `urn:uuid:${id}-org`, resource: { resourceType: "Organization", identifier: [{ system: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no", value: org }] } },
    ],
  };
}

const day = 86_400_000;

export async function seedDocuments(ds: DataSource): Promise<void> {
  const now = Date.now();
  const rows: [string, string, string, DocumentType, string, string | null, string, string | null, number, [string, string][]][] = [
    ["DOC-0001", "P-0001", "北条 花子", "REFERRAL", "1310000001", "1310000002", "RETRIEVED", "40213377", 125,
      [["紹介目的", "胸痛精査のため御紹介申し上げます。"], ["既往歴", "2型糖尿病、高血圧症"]]],
    ["DOC-0002", "P-0001", "北条 花子", "DISCHARGE_SUMMARY", "1310000002", null, "AVAILABLE", null, 100,
      [["入院時診断", "急性心内膜下梗塞"], ["入院中の経過", "PCI施行。経過良好にて退院。"], ["キー画像", "冠動脈造影 (添付)"]]],
    ["DOC-0003", "P-0002", "佐藤 健一", "REFERRAL", "1310000002", "1310000005", "AVAILABLE", "73920185", 21,
      [["紹介目的", "腰痛精査のため御紹介申し上げます。"]]],
    ["DOC-0004", "P-0003", "鈴木 美咲", "CHECKUP_REPORT", "1310000005", null, "AVAILABLE", null, 200,
      [["結果", "特記すべき異常なし"]]],
  ];
  await ds.getRepository(DocumentEntity).insert(rows.map(([id, patientId, name, type, org, dest, status, xn, daysAgo, sections]) => {
    const at = new Date(now - daysAgo * day);
    return {
      id, patientId, type, category: DOCUMENT_TYPES[type].category, sourceOrgId: org, destinationOrgId: dest, status,
      issuance: "ELECTRONIC", exchangeNumber: xn, title: DOCUMENT_TYPES[type].title, issuedAt: at, withheld: false,
      retrievedAt: status === "RETRIEVED" ? new Date(at.getTime() + day) : null,
      bundle: type === "DISCHARGE_SUMMARY" ? dischargeSummary(org, at) : bundleOf(id, type, patientId, name, org, at, sections),
    };
  }));
  await ds.query(`INSERT INTO documents.attachments (sha256, content_type, size, content) VALUES ($1, 'image/png', $2, $3)`, [keyImage.sha256, keyImage.data.length, keyImage.data]);
  await ds.query(`INSERT INTO documents.document_attachments (document_id, sha256, position, title) VALUES ('DOC-0002', $1, 0, $2)`, [keyImage.sha256, keyImage.title]);
}

let keyImage: { sha256: string; data: Buffer; title: string | null };

/** 北条 花子's discharge summary from hospital B, with its key image (SPEC §11). */
function dischargeSummary(org: string, at: Date): object {
  const day = at.toISOString().slice(0, 10);
  const b = buildDischargeSummary({
    institution: org, institutionName: "みなと総合病院", insuredId: "06139992:ひ-12:3456:01", patientName: "北条 花子", patientKana: "ホウジョウ ハナコ",
    birthDate: "1958-04-12", admittedOn: new Date(at.getTime() - 12 * 86_400_000).toISOString().slice(0, 10), dischargedOn: day,
    diagnosisOnAdmission: "急性心内膜下梗塞", hospitalCourse: "PCI施行。経過良好にて退院。",
    attachments: [{ contentType: "image/png", data: TINY_PNG, title: "冠動脈造影 キー画像" }],
  });
  [keyImage] = extractAttachments(b);
  return b;
}
