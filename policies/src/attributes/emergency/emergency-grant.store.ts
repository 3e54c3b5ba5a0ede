import { randomUUID } from "node:crypto";
import type { Actor } from "@hub/common";
import type { AuditEventInput } from "../../audit/audit-store.js";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf } from "../context.js";
import { dollarBind } from "../scope.js";
import { bindingOf, grantUserSql, isGrantHolder, type EmergencyGrantAttr, type TeamMember } from "./emergency-grant.rule.js";
import { notifyPatient } from "./notification.store.js";

/** ACTOR: a break-glass grant of one actor and their named team; INSTITUTION: a disaster identification (docs/emergency.md). */
export type GrantScope = "ACTOR" | "INSTITUTION";

/** A grant as stored (`consent.emergency_accesses`, created by the consent subgraph's migrations). */
export interface EmergencyGrantRecord extends EmergencyGrantAttr {
  reason: "EMERGENCY" | "DISASTER";
  justification: string;
  disasterId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  team: TeamMember[];
  scope: GrantScope;
  /** How the patient was identified for a disaster identification (CARD, SEARCH); null for break-glass. */
  identifiedBy: string | null;
}

interface Row {
  id: string; patient_id: string; actor_sub: string; actor_org: string | null; actor_role: string; actor_mfa: boolean; reason: "EMERGENCY" | "DISASTER";
  justification: string; disaster_id: string | null; started_at: Date | string; expires_at: Date | string; ended_at: Date | string | null; end_reason: string | null;
  team: TeamMember[] | null; scope: GrantScope; identified_by: string | null;
}
const COLUMNS = "id, patient_id, actor_sub, actor_org, actor_role, actor_mfa, reason, justification, disaster_id, started_at, expires_at, ended_at, end_reason, team, scope, identified_by";
const toRecord = (r: Row): EmergencyGrantRecord => ({
  id: r.id, patientId: r.patient_id, actorSub: r.actor_sub, actorOrg: r.actor_org, actorRole: r.actor_role, mfa: r.actor_mfa, reason: r.reason,
  justification: r.justification, disasterId: r.disaster_id, startedAt: new Date(r.started_at), expiresAt: new Date(r.expires_at),
  endedAt: r.ended_at === null ? null : new Date(r.ended_at), endReason: r.end_reason,
  team: r.team ?? [], scope: r.scope, identifiedBy: r.identified_by,
});

/**
 * The only writer of break-glass grants and disaster identifications. Starting one binds it to the whole actor of the
 * request (subject, institution, role, MFA) and the team members named, and writes DICOM 110127 "Emergency Override
 * Started" (`emergency-started`) and the patient's notification with it, in one transaction. A start for an id that
 * is no patient's (`patientKnown: false`) is stored and audited the same way, so it counts toward the caller's
 * limit and answers like any other; it opens nothing, since there is nothing to read, and tells no one (issue 26).
 */
export async function startGrant(g: {
  patientId: string; actor: Actor; reason: "EMERGENCY" | "DISASTER"; justification: string; disasterId: string | null; startedAt: Date; expiresAt: Date;
  team?: TeamMember[]; scope?: GrantScope; identifiedBy?: string | null; patientKnown?: boolean;
}): Promise<EmergencyGrantRecord> {
  const ctx = attributeContext();
  const b = bindingOf(g.actor);
  const team = g.team ?? [];
  const scope = g.scope ?? "ACTOR";
  const known = g.patientKnown ?? true;
  const row = await inTransaction(undefined, async (q) => {
    const [r] = rowsOf<Row>(await q.query(
      `INSERT INTO consent.emergency_accesses (id, patient_id, actor_sub, actor_org, actor_role, actor_mfa, reason, justification, disaster_id, started_at, expires_at,
         team, scope, identified_by, patient_known)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15) RETURNING ${COLUMNS}`,
      [randomUUID(), g.patientId, b.actorSub, b.actorOrg, b.actorRole, b.mfa, g.reason, g.justification, g.disasterId, g.startedAt.toISOString(), g.expiresAt.toISOString(),
        JSON.stringify(team), scope, g.identifiedBy ?? null, known]));
    await ctx.appendAudit(q, [auditEventOf({ eventType: "emergency-started", patientId: r.patient_id, emergencyAccessId: r.id,
      detail: { reason: r.reason, justification: r.justification, disasterId: r.disaster_id, expiresAt: new Date(r.expires_at).toISOString(),
        scope, team, ...(g.identifiedBy ? { identifiedBy: g.identifiedBy } : {}), ...(known ? {} : { patientKnown: false }) } })]);
    if (known) {
      await notifyPatient(q, { patientId: r.patient_id, at: new Date(r.started_at), kind: scope === "INSTITUTION" ? "DISASTER_ACCESS" : "EMERGENCY_ACCESS",
        organizationId: r.actor_org, actorRole: r.actor_role, emergencyAccessId: r.id, disasterId: r.disaster_id, until: new Date(r.expires_at), teamSize: team.length });
    }
    return r;
  });
  ctx.forget(g.patientId);
  return toRecord(row);
}

/** The holder ends an open grant early (110138 "Emergency Override Stopped"); null when it is not theirs. */
export async function endGrant(id: string, actor: Actor): Promise<EmergencyGrantRecord | null> {
  const ctx = attributeContext();
  const row = await inTransaction(undefined, async (q) => {
    const [found] = rowsOf<Row>(await q.query(`SELECT ${COLUMNS} FROM consent.emergency_accesses WHERE id = $1 FOR UPDATE`, [id]));
    if (!found || !isGrantHolder(toRecord(found), actor)) return null;
    if (found.ended_at !== null) return found;
    const [r] = rowsOf<Row>(await q.query(
      `UPDATE consent.emergency_accesses SET ended_at = now(), end_reason = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'ended' END
        WHERE id = $1 RETURNING ${COLUMNS}`, [id]));
    await ctx.appendAudit(q, [auditEventOf({ eventType: "emergency-ended", patientId: r.patient_id, emergencyAccessId: r.id, detail: { reason: r.end_reason } })]);
    return r;
  });
  if (row) ctx.forget(row.patient_id);
  return row ? toRecord(row) : null;
}

/**
 * Grants expire by themselves (the rule checks `expiresAt`); this records the end of each expired grant, with its
 * 110138 event, exactly once even when every replica runs it (one UPDATE … RETURNING inside the transaction).
 */
export async function closeExpiredGrants(now = new Date()): Promise<number> {
  const ctx = attributeContext();
  return inTransaction(undefined, async (q) => {
    const closed = rowsOf<Row>(await q.query(
      `UPDATE consent.emergency_accesses SET ended_at = expires_at, end_reason = 'expired' WHERE ended_at IS NULL AND expires_at <= $1 RETURNING ${COLUMNS}`,
      [now.toISOString()]));
    const events: AuditEventInput[] = closed.map((r) => ({
      at: now, eventType: "emergency-ended", actorSub: r.actor_sub, actorRole: r.actor_role, actorOrg: r.actor_org,
      patientId: r.patient_id, emergencyAccessId: r.id, detail: { reason: "expired" },
    }));
    await ctx.appendAudit(q, events);
    return closed.length;
  });
}

/** A grant by id, or null. */
export async function grantById(id: string): Promise<EmergencyGrantRecord | null> {
  const [r] = rowsOf<Row>(await attributeContext().db.query(`SELECT ${COLUMNS} FROM consent.emergency_accesses WHERE id = $1`, [id]));
  return r ? toRecord(r) : null;
}

/**
 * How many grants this actor started since `since` (the per-actor rate limit), unknown patients included. Starts
 * and identifications under a declared disaster count separately (their own, larger limit): `disaster`.
 */
export async function grantsStartedSince(actorSub: string, since: Date, disaster = false): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await attributeContext().db.query(
    `SELECT count(*)::int AS n FROM consent.emergency_accesses WHERE actor_sub = $1 AND started_at > $2 AND (reason = 'DISASTER') = $3`,
    [actorSub, since.toISOString(), disaster]));
  return r.n;
}

/** This institution's open identification of the patient under this declaration, if any (identifying again adds none). */
export async function openIdentification(patientId: string, org: string, disasterId: string, now: Date): Promise<EmergencyGrantRecord | null> {
  const [r] = rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.emergency_accesses WHERE patient_id = $1 AND actor_org = $2 AND disaster_id = $3 AND scope = 'INSTITUTION'
        AND ended_at IS NULL AND expires_at > $4 ORDER BY started_at DESC LIMIT 1`, [patientId, org, disasterId, now.toISOString()]));
  return r ? toRecord(r) : null;
}

/**
 * Sub-select for the attribute load (PIP): the open break-glass grant named by the request, for this patient, as
 * JSON; with the caller given, only when the caller may use it (the rule's SQL form; the TypeScript form decides
 * again). `params` receives the caller's values after the load's own.
 */
export const openGrantJsonSql = (patient: string, grantId: string, now: string, caller?: { actor: Actor; params: unknown[] }): string =>
  `(SELECT json_build_object('id', e.id, 'patient_id', e.patient_id, 'actor_sub', e.actor_sub, 'actor_org', e.actor_org, 'actor_role', e.actor_role,
      'actor_mfa', e.actor_mfa, 'expires_at', e.expires_at, 'team', e.team)
     FROM consent.emergency_accesses e WHERE e.id = ${grantId} AND e.patient_id = ${patient} AND e.scope = 'ACTOR' AND e.ended_at IS NULL AND e.expires_at > ${now}
     ${caller ? `AND ${grantUserSql("e", caller.actor, dollarBind(caller.params))}` : ""})`;

export const grantFromJson = (g: { id: string; patient_id: string; actor_sub: string; actor_org: string | null; actor_role: string; actor_mfa: boolean; expires_at: string; team?: TeamMember[] | null }): EmergencyGrantAttr => ({
  id: g.id, patientId: g.patient_id, actorSub: g.actor_sub, actorOrg: g.actor_org, actorRole: g.actor_role, mfa: g.actor_mfa, expiresAt: new Date(g.expires_at), team: g.team ?? [],
});
