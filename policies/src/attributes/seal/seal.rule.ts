import { countSealChecks, type DataCategory } from "@hub/common";
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

/**
 * The patient's seals indexed by what they name (record ids; else source institution and category, a missing field as
 * `*`), built once per loaded seal list: a record is checked only against the seals that could cover it, so the
 * cost of a decision does not grow with the number of seals.
 */
interface SealIndex { byRecord: Map<string, SealAttr[]>; byScope: Map<string, SealAttr[]> }
const indexes = new WeakMap<readonly SealAttr[], SealIndex>();
const push = (m: Map<string, SealAttr[]>, k: string, s: SealAttr) => { const l = m.get(k); if (l) l.push(s); else m.set(k, [s]); };
function sealIndex(seals: readonly SealAttr[]): SealIndex {
  let ix = indexes.get(seals);
  if (!ix) {
    ix = { byRecord: new Map(), byScope: new Map() };
    for (const s of seals) {
      if (s.recordIds && s.recordIds.length > 0) for (const id of s.recordIds) push(ix.byRecord, id, s);
      else push(ix.byScope, `${s.sourceOrganizationId ?? "*"}|${s.category ?? "*"}`, s);
    }
    indexes.set(seals, ix);
  }
  return ix;
}

/** The strongest seal that covers a record, or null. Each seal actually tested counts (`hub_seal_checks_total`). */
export function sealLevelOf(seals: readonly SealAttr[], r: RecordRef): SealLevel | null {
  if (seals.length === 0) return null;
  const ix = sealIndex(seals);
  const candidates = [
    ...(r.recordId ? ix.byRecord.get(r.recordId) ?? [] : []),
    ...(r.sourceOrgId ? [...(ix.byScope.get(`${r.sourceOrgId}|${r.category}`) ?? []), ...(ix.byScope.get(`${r.sourceOrgId}|*`) ?? [])] : []),
    ...(ix.byScope.get(`*|${r.category}`) ?? []),
  ];
  let level: SealLevel | null = null;
  let checks = 0;
  for (const s of candidates) {
    checks++;
    if (!sealCovers(s, r)) continue;
    level = s.level === "SEALED" ? "SEALED" : level ?? "RESTRICTED";
    if (level === "SEALED") break;
  }
  if (checks > 0) countSealChecks(checks);
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
