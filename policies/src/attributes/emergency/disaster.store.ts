import { randomUUID } from "node:crypto";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf } from "../context.js";
import { dollarBind } from "../scope.js";
import { disasterCoversSql, disasterInForceSql, type DisasterAccessAttr, type DisasterAttr, type InstitutionRef } from "./disaster.rule.js";

/** A declaration as stored (`consent.disasters`, created by the consent subgraph's migrations, written only here). */
export interface DisasterRecord extends DisasterAttr {
  name: string;
  declaredBy: string;
  declaredAt: Date;
}

interface Row {
  id: string; name: string; regions: string[]; dispatched: string[] | null; starts_at: Date | string; ends_at: Date | string;
  ended_at: Date | string | null; declared_by: string; declared_at: Date | string;
}
const COLUMNS = "id, name, regions, dispatched, starts_at, ends_at, ended_at, declared_by, declared_at";
const toRecord = (r: Row): DisasterRecord => ({
  id: r.id, name: r.name, regions: r.regions, dispatched: r.dispatched ?? [], startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at),
  endedAt: r.ended_at === null ? null : new Date(r.ended_at), declaredBy: r.declared_by, declaredAt: new Date(r.declared_at),
});

/** Declare a disaster for prefectures and a period, with the institutions dispatched into it; audited with it. */
export async function declareDisaster(d: { name: string; regions: string[]; dispatched: string[]; startsAt: Date; endsAt: Date; declaredBy: string }): Promise<DisasterRecord> {
  const ctx = attributeContext();
  return inTransaction(undefined, async (q) => {
    const [r] = rowsOf<Row>(await q.query(
      `INSERT INTO consent.disasters (id, name, regions, dispatched, starts_at, ends_at, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING ${COLUMNS}`,
      [randomUUID(), d.name, d.regions, d.dispatched, d.startsAt.toISOString(), d.endsAt.toISOString(), d.declaredBy]));
    await ctx.appendAudit(q, [auditEventOf({ eventType: "policy-changed", detail: {
      action: "disaster-declared", disasterId: r.id, regions: r.regions, dispatched: r.dispatched, startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString() } })]);
    return toRecord(r);
  });
}

/** End a declaration now (idempotent); null when there is none with this id. Identifications under it stop counting at once. */
export async function endDisaster(id: string): Promise<DisasterRecord | null> {
  const ctx = attributeContext();
  return inTransaction(undefined, async (q) => {
    const [found] = rowsOf<Row>(await q.query(`SELECT ${COLUMNS} FROM consent.disasters WHERE id = $1 FOR UPDATE`, [id]));
    if (!found) return null;
    if (found.ended_at !== null) return toRecord(found);
    const [r] = rowsOf<Row>(await q.query(`UPDATE consent.disasters SET ended_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id]));
    await ctx.appendAudit(q, [auditEventOf({ eventType: "policy-changed", detail: { action: "disaster-ended", disasterId: id } })]);
    return toRecord(r);
  });
}

export async function disasterById(id: string): Promise<DisasterRecord | null> {
  const [r] = rowsOf<Row>(await attributeContext().db.query(`SELECT ${COLUMNS} FROM consent.disasters WHERE id = $1`, [id]));
  return r ? toRecord(r) : null;
}

/** Declarations in force now, newest first. */
export async function disastersInForce(now: Date): Promise<DisasterRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.disasters d WHERE ${disasterInForceSql("d", "$1::timestamptz")} ORDER BY d.starts_at DESC`, [now.toISOString()])).map(toRecord);
}

/**
 * Why a declaration does not let this institution act under it now, or null when it does: the one question every
 * disaster start and lookup asks (the rule's SQL form, agreement-tested against the TypeScript form).
 */
export async function disasterRefusal(id: string, institution: InstitutionRef, now: Date): Promise<"disaster-not-active" | "disaster-region" | null> {
  const params: unknown[] = [id, now.toISOString()];
  const [r] = rowsOf<{ in_force: boolean; covers: boolean }>(await attributeContext().db.query(
    `SELECT ${disasterInForceSql("d", "$2::timestamptz")} AS in_force, ${disasterCoversSql("d", institution, dollarBind(params))} AS covers
       FROM consent.disasters d WHERE d.id = $1`, params));
  if (!r || !r.in_force) return "disaster-not-active";
  return r.covers ? null : "disaster-region";
}

/** Declarations in force now that cover this institution (the rule's SQL form), newest first. */
export async function disastersCovering(institution: InstitutionRef, now: Date): Promise<DisasterRecord[]> {
  const params: unknown[] = [now.toISOString()];
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.disasters d WHERE ${disasterInForceSql("d", "$1::timestamptz")} AND ${disasterCoversSql("d", institution, dollarBind(params))}
      ORDER BY d.starts_at DESC`, params)).map(toRecord);
}

/**
 * Sub-select for the attribute load (PIP): this institution's open identification of the patient under a declaration
 * still in force, with the declaration, as JSON (the TypeScript form decides again).
 */
export const disasterAccessJsonSql = (patient: string, org: string, now: string): string =>
  `(SELECT json_build_object('id', e.id, 'patient_id', e.patient_id, 'organization_id', e.actor_org, 'expires_at', e.expires_at,
      'disaster', json_build_object('id', d.id, 'regions', d.regions, 'dispatched', d.dispatched, 'starts_at', d.starts_at, 'ends_at', d.ends_at, 'ended_at', d.ended_at))
     FROM consent.emergency_accesses e JOIN consent.disasters d ON d.id = e.disaster_id
    WHERE e.patient_id = ${patient} AND e.actor_org = ${org} AND e.scope = 'INSTITUTION' AND e.ended_at IS NULL AND e.expires_at > ${now}
      AND ${disasterInForceSql("d", `${now}::timestamptz`)}
    ORDER BY e.expires_at DESC LIMIT 1)`;

type DisasterJson = { id: string; regions: string[]; dispatched: string[] | null; starts_at: string; ends_at: string; ended_at: string | null };
export const disasterAccessFromJson = (a: { id: string; patient_id: string; organization_id: string; expires_at: string; disaster: DisasterJson }): DisasterAccessAttr => ({
  id: a.id, patientId: a.patient_id, organizationId: a.organization_id, expiresAt: new Date(a.expires_at),
  disaster: { id: a.disaster.id, regions: a.disaster.regions, dispatched: a.disaster.dispatched ?? [], startsAt: new Date(a.disaster.starts_at),
    endsAt: new Date(a.disaster.ends_at), endedAt: a.disaster.ended_at === null ? null : new Date(a.disaster.ended_at) },
});
