import type { DataCategory } from "@hub/common";
import { scopeCovers, scopeCoversSql, type AttributeSource, type RecordColumns, type RecordRef, type ScopeField } from "../scope.js";

/**
 * 封印 (seal): the patient hides some of her records. The one home of what a seal means, in TypeScript for single
 * decisions and in SQL for lists, research and every other path that filters rows (SPEC §6).
 *
 * - `RESTRICTED`: hidden from everyone but the patient, except under an active emergency grant (break-glass).
 * - `SEALED`: hidden from everyone but the patient, emergencies included, and from secondary use.
 * - Scope fields combine with AND: `{ sourceOrganizationId: A, category: CONDITION }` hides A's conditions and
 *   nothing else; `{ recordIds: [x] }` hides record x. A seal needs at least one field.
 */
export type SealLevel = "RESTRICTED" | "SEALED";
export const SEAL_LEVELS: readonly SealLevel[] = ["RESTRICTED", "SEALED"];

export interface SealAttr {
  id: string;
  level: SealLevel;
  sourceOrganizationId: string | null;
  category: DataCategory | null;
  recordIds: string[] | null;
}

/** Categories that describe records and so can be sealed (demographics, consents and the access log cannot). */
export const SEALABLE: readonly DataCategory[] = [
  "condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription",
  "document_referral", "document_discharge", "document_checkup", "document_summary", "phr_vital", "phr_questionnaire",
];

/** The scope of a seal, field by field, with its column in `consent.seals`. */
export const SEAL_SCOPE: readonly ScopeField<SealAttr>[] = [
  { name: "sourceOrganizationId", get: (s) => s.sourceOrganizationId, record: "sourceOrg", many: false, column: "source_organization_id" },
  { name: "category", get: (s) => s.category, record: "category", many: false, column: "category" },
  { name: "recordIds", get: (s) => s.recordIds, record: "id", many: true, column: "record_ids" },
];

/** Does this seal cover this record? (TypeScript form.) */
export function sealCovers(seal: SealAttr, r: RecordRef): boolean {
  return scopeCovers(SEAL_SCOPE, seal, r);
}

/** The strongest seal that covers a record, or null. */
export function sealLevelOf(seals: readonly SealAttr[], r: RecordRef): SealLevel | null {
  let level: SealLevel | null = null;
  for (const s of seals) {
    if (!sealCovers(s, r)) continue;
    if (s.level === "SEALED") return "SEALED";
    level = "RESTRICTED";
  }
  return level;
}

/** Does this seal cover this row? (SQL form of `sealCovers`; the seal from a table alias or bound values.) */
export function sealCoversSql(seal: AttributeSource<SealAttr>, rec: RecordColumns): string {
  return scopeCoversSql(SEAL_SCOPE, seal, rec);
}

/**
 * The row is under no active seal of its patient (any level): the filter for paths where no emergency grant can
 * apply (secondary use, the incoming work list, retrieval by exchange number). `patientCol` is the row's patient id.
 */
export function notSealedSql(rec: RecordColumns & { patient: string }, levels: readonly SealLevel[] = SEAL_LEVELS): string {
  const lv = levels.length === SEAL_LEVELS.length ? "" : ` AND s.level IN (${levels.map((l) => `'${l}'`).join(", ")})`;
  return `NOT EXISTS (SELECT 1 FROM consent.seals s WHERE s.active AND s.patient_id = ${rec.patient}${lv} AND ${sealCoversSql({ alias: "s" }, rec)})`;
}

/** A seal whose only scope is one category hides that whole category (a list of it reads as empty). */
export const hidesWholeCategory = (s: SealAttr, category: DataCategory): boolean =>
  s.category === category && s.sourceOrganizationId === null && s.recordIds === null;
