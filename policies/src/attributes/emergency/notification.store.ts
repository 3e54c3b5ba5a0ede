import { randomUUID } from "node:crypto";
import { attributeContext, rowsOf, type Queryable } from "../context.js";

/**
 * 患者への通知: every emergency or disaster act on a patient (a break-glass start, a disaster identification, a
 * lookup that returned her) leaves a notification she can query, written in the same transaction as the act and
 * its audit event, so there is never one without the other. A minimal home until the hub's general notifications
 * (consultations, linked ids) take these over: `consent.emergency_notifications`, created by the consent
 * subgraph's migrations, written only here.
 */
export type EmergencyNotificationKind = "EMERGENCY_ACCESS" | "DISASTER_ACCESS" | "EMERGENCY_LOOKUP";

export interface EmergencyNotification {
  id: string;
  patientId: string;
  at: Date;
  kind: EmergencyNotificationKind;
  organizationId: string | null;
  actorRole: string;
  emergencyAccessId: string | null;
  disasterId: string | null;
  /** Until when the access lasts (grants and identifications). */
  until: Date | null;
  /** How many team members were named with a grant. */
  teamSize: number;
}

interface Row {
  id: string; patient_id: string; at: Date | string; kind: EmergencyNotificationKind; organization_id: string | null; actor_role: string;
  emergency_access_id: string | null; disaster_id: string | null; until: Date | string | null; team_size: number;
}
const toNotification = (r: Row): EmergencyNotification => ({
  id: r.id, patientId: r.patient_id, at: new Date(r.at), kind: r.kind, organizationId: r.organization_id, actorRole: r.actor_role,
  emergencyAccessId: r.emergency_access_id, disasterId: r.disaster_id, until: r.until === null ? null : new Date(r.until), teamSize: Number(r.team_size),
});

/** Write one notification inside the caller's transaction (the act that causes it). */
export async function notifyPatient(q: Queryable, n: Omit<EmergencyNotification, "id">): Promise<void> {
  await q.query(
    `INSERT INTO consent.emergency_notifications (id, patient_id, at, kind, organization_id, actor_role, emergency_access_id, disaster_id, until, team_size)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [randomUUID(), n.patientId, n.at.toISOString(), n.kind, n.organizationId, n.actorRole, n.emergencyAccessId, n.disasterId, n.until?.toISOString() ?? null, n.teamSize]);
}

/** The patient's notifications, newest first (paged by time and id). */
export async function notificationsOf(patientId: string, opts: { limit: number; before?: { at: Date; id: string } }): Promise<EmergencyNotification[]> {
  const rows = rowsOf<Row>(await attributeContext().db.query(
    `SELECT id, patient_id, at, kind, organization_id, actor_role, emergency_access_id, disaster_id, until, team_size
       FROM consent.emergency_notifications
      WHERE patient_id = $1 AND ($2::timestamptz IS NULL OR (at, id) < ($2::timestamptz, $3::text))
      ORDER BY at DESC, id DESC LIMIT $4`,
    [patientId, opts.before?.at.toISOString() ?? null, opts.before?.id ?? "", opts.limit]));
  return rows.map(toNotification);
}
