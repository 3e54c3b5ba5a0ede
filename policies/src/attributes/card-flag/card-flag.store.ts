import { randomUUID } from "node:crypto";
import type { DataCategory } from "@hub/common";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf, type Queryable } from "../context.js";
import { cardReaderValidityMs } from "../consent/windows.js";
import { categoriesOfFlags, type CardFlag, type CardFlagAttr } from "./card-flag.rule.js";

/** A card reading as stored (`eligibility.card_consents`, created by the eligibility subgraph's migrations). */
export interface CardReading extends CardFlagAttr {
  id: string;
  patientId: string;
  flags: CardFlag[];
}

/**
 * The only writer of card-reader consent flags: one reading of the patient's card at an institution, with the
 * categories its flags open, and its audit event (`card-consent`), in the caller's transaction when it passes one.
 */
export async function recordCardReading(r: { patientId: string; organizationId: string; flags: CardFlag[]; confirmedAt: Date; qualificationId: string }, tx?: Queryable): Promise<CardReading> {
  const ctx = attributeContext();
  const reading: CardReading = { id: randomUUID(), patientId: r.patientId, organizationId: r.organizationId, flags: r.flags, categories: categoriesOfFlags(r.flags), confirmedAt: r.confirmedAt };
  await inTransaction(tx, async (q) => {
    await q.query(`INSERT INTO eligibility.card_consents (id, patient_id, organization_id, categories, flags, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [reading.id, reading.patientId, reading.organizationId, reading.categories, reading.flags, reading.confirmedAt.toISOString()]);
    await ctx.appendAudit(q, [auditEventOf({ eventType: "card-consent", patientId: r.patientId, category: "eligibility", recordIds: [r.qualificationId],
      detail: { organizationId: r.organizationId, flags: r.flags, categories: reading.categories } })]);
  });
  ctx.forget(r.patientId);
  return reading;
}

/** The flags of the latest reading of this patient's card at this institution (shown with its qualification). */
export async function latestCardFlags(patientId: string, organizationId: string): Promise<CardFlag[]> {
  const [row] = rowsOf<{ flags: CardFlag[] }>(await attributeContext().db.query(
    `SELECT flags FROM eligibility.card_consents WHERE patient_id = $1 AND organization_id = $2 ORDER BY confirmed_at DESC LIMIT 1`, [patientId, organizationId]));
  return row?.flags ?? [];
}

/** Sub-select for the attribute load (PIP): readings still within their window as JSON. */
export const recentCardReadingsJsonSql = (patient: string, now: string): string =>
  `(SELECT coalesce(json_agg(json_build_object('organization_id', f.organization_id, 'categories', f.categories, 'confirmed_at', f.confirmed_at)), '[]'::json)
     FROM eligibility.card_consents f WHERE f.patient_id = ${patient} AND f.confirmed_at > ${now}::timestamptz - interval '${cardReaderValidityMs / 1000} seconds')`;

export const cardFlagFromJson = (f: { organization_id: string; categories: DataCategory[]; confirmed_at: string }): CardFlagAttr =>
  ({ organizationId: f.organization_id, categories: f.categories, confirmedAt: new Date(f.confirmed_at) });
