import type { RetentionConfig } from "@hub/common";
import { purgeRecords, recordRetentionRules } from "@hub/clinical";

/** One retention rule: which rows are past their period (SQL returning id, patient_id, category), and how to purge them. */
export interface RetentionRule {
  name: string;
  /** SELECT id, patient_id, category … for rows to purge; $1 = now. */
  select: string;
  /** The owner's purge of those rows. */
  owner: "clinical" | "documents";
}

const days = (n: number) => `($1::timestamptz - interval '${Math.trunc(n)} days')`;

/**
 * The periods of the 電子カルテ情報共有サービス (SPEC §7): the six kinds of records by the clinical service's own
 * rules, and the documents here. Discharge summaries have no period in the design and are kept.
 */
export function retentionRules(c: RetentionConfig): RetentionRule[] {
  return [
    ...recordRetentionRules(c).map((r) => ({ ...r, owner: "clinical" as const })),
    { name: "checkups-5y", owner: "documents", select: `SELECT id, patient_id, category FROM documents.documents
        WHERE type = 'CHECKUP_REPORT' AND issued_at < ${days(c.checkupDays)}` },
    { name: "referrals-after-retrieval", owner: "documents", select: `SELECT id, patient_id, category FROM documents.documents
        WHERE type = 'REFERRAL' AND status = 'RETRIEVED' AND retrieved_at < ${days(c.referralDaysAfterRetrieval)}` },
  ];
}

export { purgeRecords };
