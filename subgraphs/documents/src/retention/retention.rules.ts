import type { RetentionConfig } from "@hub/common";

/** One retention rule: which rows are past their period (SQL returning id, patient_id, category). */
export interface RetentionRule {
  name: string;
  table: "clinical.records" | "documents.documents";
  /** SELECT id, patient_id, category … for rows to purge; $1 = now. */
  select: string;
}

const days = (n: number) => `($1::timestamptz - interval '${Math.trunc(n)} days')`;

/**
 * The periods of the 電子カルテ情報共有サービス (SPEC §7). Records tagged 長期保存 (LTS) are kept. Labs keep the
 * latest `labKeepLast` results of each test per patient however old. Discharge summaries have no period in the
 * design and are kept.
 */
export function retentionRules(c: RetentionConfig): RetentionRule[] {
  return [
    { name: "clinical-5y", table: "clinical.records", select: `SELECT id, patient_id, category FROM clinical.records
        WHERE category IN ('condition','allergy','infection','contraindication') AND NOT long_term AND recorded_at < ${days(c.clinicalDays)}` },
    { name: "labs-1y-keep-last", table: "clinical.records", select: `SELECT id, patient_id, category FROM (
        SELECT id, patient_id, category, recorded_at, long_term,
               row_number() OVER (PARTITION BY patient_id, code ORDER BY recorded_at DESC, id DESC) AS n
          FROM clinical.records WHERE category IN ('lab_emergency','lab_lifestyle')) x
        WHERE n > ${Math.trunc(c.labKeepLast)} AND NOT long_term AND recorded_at < ${days(c.labDays)}` },
    { name: "prescriptions-100d", table: "clinical.records", select: `SELECT id, patient_id, category FROM clinical.records
        WHERE category = 'prescription' AND NOT long_term AND recorded_at < ${days(c.prescriptionDays)}` },
    { name: "checkups-5y", table: "documents.documents", select: `SELECT id, patient_id, category FROM documents.documents
        WHERE type = 'CHECKUP_REPORT' AND issued_at < ${days(c.checkupDays)}` },
    { name: "referrals-after-retrieval", table: "documents.documents", select: `SELECT id, patient_id, category FROM documents.documents
        WHERE type = 'REFERRAL' AND status = 'RETRIEVED' AND retrieved_at < ${days(c.referralDaysAfterRetrieval)}` },
  ];
}
