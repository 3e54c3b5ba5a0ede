import { randomUUID } from "node:crypto";
import { BadUserInputError, type DataCategory } from "@hub/common";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf } from "../context.js";
import { SEALABLE, type SealAttr, type SealLevel } from "./seal.rule.js";

/** A seal as stored (`consent.seals`, created by the consent subgraph's migrations). */
export interface SealRecord extends SealAttr {
  patientId: string;
  active: boolean;
  createdAt: Date;
  removedAt: Date | null;
}

interface Row {
  id: string; patient_id: string; level: SealLevel; source_organization_id: string | null; category: DataCategory | null;
  record_ids: string[] | null; active: boolean; created_at: Date | string; removed_at: Date | string | null;
}

const COLUMNS = "id, patient_id, level, source_organization_id, category, record_ids, active, created_at, removed_at";
const toRecord = (r: Row): SealRecord => ({
  id: r.id, patientId: r.patient_id, level: r.level, sourceOrganizationId: r.source_organization_id, category: r.category,
  recordIds: r.record_ids, active: r.active, createdAt: new Date(r.created_at), removedAt: r.removed_at === null ? null : new Date(r.removed_at),
});

export interface SealInput {
  level: SealLevel;
  sourceOrganizationId?: string | null;
  category?: DataCategory | null;
  recordIds?: string[] | null;
}

/** Check a seal's scope; BAD_USER_INPUT names the argument. */
export function checkSealInput(input: SealInput): Omit<SealAttr, "id"> {
  const recordIds = input.recordIds && input.recordIds.length > 0 ? [...new Set(input.recordIds)] : null;
  if (!input.sourceOrganizationId && !input.category && !recordIds) {
    throw new BadUserInputError("a seal needs at least one scope: sourceOrganizationId, category or recordIds");
  }
  if (input.sourceOrganizationId && !/^\d{10}$/.test(input.sourceOrganizationId)) {
    throw new BadUserInputError("sourceOrganizationId must be a 10-digit institution code", { argument: "sourceOrganizationId" });
  }
  if (input.category && !SEALABLE.includes(input.category)) throw new BadUserInputError(`category ${input.category} cannot be sealed`, { argument: "category" });
  if (recordIds && recordIds.length > 1000) throw new BadUserInputError("at most 1000 record ids per seal", { argument: "recordIds" });
  if (recordIds && recordIds.some((id) => !/^[A-Za-z0-9._-]{1,64}$/.test(id))) throw new BadUserInputError("malformed record id", { argument: "recordIds" });
  return { level: input.level, sourceOrganizationId: input.sourceOrganizationId ?? null, category: input.category ?? null, recordIds };
}

/**
 * The only writer of seals: the patient places one; it and its audit event (`seal-placed`) commit together, and the
 * seal is in force from the very next decision, this request included.
 */
export async function placeSeal(patientId: string, input: SealInput): Promise<SealRecord> {
  const seal = checkSealInput(input);
  const ctx = attributeContext();
  const row = await inTransaction(undefined, async (tx) => {
    const [r] = rowsOf<Row>(await tx.query(
      `INSERT INTO consent.seals (id, patient_id, level, source_organization_id, category, record_ids, active, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, true, now()) RETURNING ${COLUMNS}`,
      [randomUUID(), patientId, seal.level, seal.sourceOrganizationId, seal.category, seal.recordIds],
    ));
    await ctx.appendAudit(tx, [auditEventOf({ eventType: "seal-placed", patientId, category: "consent", recordIds: [r.id],
      detail: { level: r.level, sourceOrganizationId: r.source_organization_id, category: r.category, recordCount: r.record_ids?.length ?? 0 } })]);
    return r;
  });
  ctx.forget(patientId);
  return toRecord(row);
}

/** Remove one of the patient's seals; null when she has no seal with this id. */
export async function removeSeal(patientId: string, id: string): Promise<SealRecord | null> {
  const ctx = attributeContext();
  const row = await inTransaction(undefined, async (tx) => {
    const [r] = rowsOf<Row>(await tx.query(
      `UPDATE consent.seals SET active = false, removed_at = now() WHERE id = $1 AND patient_id = $2 AND active RETURNING ${COLUMNS}`, [id, patientId]));
    if (r) await ctx.appendAudit(tx, [auditEventOf({ eventType: "seal-removed", patientId, category: "consent", recordIds: [id] })]);
    return r ?? rowsOf<Row>(await tx.query(`SELECT ${COLUMNS} FROM consent.seals WHERE id = $1 AND patient_id = $2`, [id, patientId]))[0];
  });
  ctx.forget(patientId);
  return row ? toRecord(row) : null;
}

/** The patient's seals, active and removed, newest first (her own list). */
export async function sealsOfPatient(patientId: string): Promise<SealRecord[]> {
  const rows = rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.seals WHERE patient_id = $1 ORDER BY created_at DESC, id DESC`, [patientId]));
  return rows.map(toRecord);
}

/** Sub-select for the attribute load (PIP): the patient's active seals as JSON; `$patient` is a placeholder. */
export const activeSealsJsonSql = (patient: string): string =>
  `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'level', s.level, 'source_organization_id', s.source_organization_id,
      'category', s.category, 'record_ids', s.record_ids)), '[]'::json) FROM consent.seals s WHERE s.patient_id = ${patient} AND s.active)`;

export const sealFromJson = (s: { id: string; level: SealLevel; source_organization_id: string | null; category: DataCategory | null; record_ids: string[] | null }): SealAttr => ({
  id: s.id, level: s.level, sourceOrganizationId: s.source_organization_id, category: s.category, recordIds: s.record_ids,
});
