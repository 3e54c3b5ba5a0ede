import type { AuditEventInput } from "../audit/audit-store.js";

/**
 * Who is told what, derived from the audit trail: every act the hub records about a patient becomes the
 * notifications below in the same transaction as its audit event (an outbox), so nothing is notified that did not
 * happen and nothing that happened is missed. The one home of these rules.
 *
 * Recipients are keys: `patient:<id>` (the patient), `user:<org>:<sub>` (one practitioner of an institution),
 * `org:<org>` (every member of the institution and its systems). Notifications carry ids, kinds and institutions,
 * never clinical content: the recipient opens the resource, which the PDP decides as any read (APPI art. 23 /
 * 3省2ガイドライン: a notice is not a disclosure). A specialist is told the consultation's linked id (連結ID), never
 * the patient's hub id.
 */
export const NOTIFICATION_KINDS = [
  "EMERGENCY_ACCESS", "DISASTER_ACCESS", "EMERGENCY_LOOKUP", "NEW_DOCUMENT", "DOCUMENT_WITHDRAWN", "INCOMING_DOCUMENT", "CONSENT_CREATED", "CONSENT_GRANTED", "CONSENT_REVOKED",
  "CONSULTATION_REQUESTED", "CONSULTATION_RECEIVED", "CONSULTATION_DECLINED", "CONSULTATION_ANSWERED", "CONSULTATION_WITHDRAWN", "CONSULTATION_EXPIRED",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationDraft {
  recipient: string;
  kind: NotificationKind;
  data: Record<string, unknown>;
}

export const patientKey = (patientId: string): string => `patient:${patientId}`;
export const userKey = (org: string | undefined | null, sub: string): string => (org ? `user:${org}:${sub}` : `user:${sub}`);
export const orgKey = (org: string): string => `org:${org}`;
/** The institution of a recipient key (webhooks deliver what is addressed to the institution and its members). */
export function recipientOrg(recipient: string): string | null {
  const [kind, org, sub] = recipient.split(":");
  if (kind === "org") return org ?? null;
  if (kind === "user" && sub !== undefined) return org ?? null;
  return null;
}

/** The keys a caller reads notifications under. */
export function readerKeys(actor: { sub: string; org?: string; patientId?: string; role: string }): string[] {
  if (actor.role === "patient" && actor.patientId) return [patientKey(actor.patientId)];
  return actor.org ? [userKey(actor.org, actor.sub), orgKey(actor.org)] : [userKey(undefined, actor.sub)];
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Consultation events carry their parties in `detail` (see the consultation store). */
function consultation(e: AuditEventInput): NotificationDraft[] {
  const d = e.detail ?? {};
  const id = str(d.consultationId);
  if (!id || !e.patientId) return [];
  const requester = userKey(str(d.requesterOrg), String(d.requesterSub));
  const specialist = userKey(str(d.specialistOrg), String(d.specialistSub));
  const toPatient = { consultationId: id, organizationId: d.specialistOrg, requesterOrganizationId: d.requesterOrg };
  const toRequester = { consultationId: id, patientId: e.patientId, organizationId: d.specialistOrg };
  const toSpecialist = { consultationId: id, linkedId: d.linkedId, organizationId: d.requesterOrg };
  switch (e.eventType) {
    case "consultation-requested":
      return [{ recipient: patientKey(e.patientId), kind: "CONSULTATION_REQUESTED", data: toPatient }];
    case "consultation-opened":
      return [{ recipient: specialist, kind: "CONSULTATION_RECEIVED", data: toSpecialist },
        ...(e.actorRole === "patient" ? [] : [{ recipient: patientKey(e.patientId), kind: "CONSENT_CREATED" as const, data: { ...toPatient, source: "CONSULTATION" } }])];
    case "consultation-declined":
      return [{ recipient: requester, kind: "CONSULTATION_DECLINED", data: toRequester }];
    case "consultation-answered":
      return [{ recipient: requester, kind: "CONSULTATION_ANSWERED", data: toRequester }, { recipient: patientKey(e.patientId), kind: "CONSULTATION_ANSWERED", data: toPatient }];
    case "consultation-withdrawn":
      return [{ recipient: specialist, kind: "CONSULTATION_WITHDRAWN", data: toSpecialist }, { recipient: patientKey(e.patientId), kind: "CONSULTATION_WITHDRAWN", data: toPatient }];
    case "consultation-expired":
      return [{ recipient: requester, kind: "CONSULTATION_EXPIRED", data: toRequester }, { recipient: patientKey(e.patientId), kind: "CONSULTATION_EXPIRED", data: toPatient }];
    default:
      return [];
  }
}

/** The notifications one audit event causes (none for reads and operation decisions). */
export function notificationsFor(e: AuditEventInput): NotificationDraft[] {
  const d = e.detail ?? {};
  const patient = e.patientId ? patientKey(e.patientId) : null;
  const record = e.recordIds?.[0] ?? null;
  switch (e.eventType) {
    case "emergency-started":
      // A start for an unknown patient id is recorded, but there is nobody to tell.
      if (!patient || d.patientKnown === false) return [];
      return [{ recipient: patient, kind: d.scope === "INSTITUTION" ? "DISASTER_ACCESS" : "EMERGENCY_ACCESS",
        data: { emergencyAccessId: e.emergencyAccessId, organizationId: e.actorOrg ?? null, reason: d.reason ?? null, disasterId: d.disasterId ?? null } }];
    case "emergency-lookup":
      return patient ? [{ recipient: patient, kind: "EMERGENCY_LOOKUP", data: { organizationId: e.actorOrg ?? null } }] : [];
    case "document-registered": {
      const out: NotificationDraft[] = patient ? [{ recipient: patient, kind: "NEW_DOCUMENT", data: { documentId: record, organizationId: e.actorOrg ?? null, type: d.type ?? null } }] : [];
      const dest = str(d.destination);
      if (dest) out.push({ recipient: orgKey(dest), kind: "INCOMING_DOCUMENT", data: { documentId: record, fromOrganizationId: e.actorOrg ?? null, type: d.type ?? null } });
      return out;
    }
    case "document-withdrawn":
      return patient ? [{ recipient: patient, kind: "DOCUMENT_WITHDRAWN", data: { documentId: record, organizationId: e.actorOrg ?? null } }] : [];
    case "consent-granted":
    case "consent-shared": {
      if (!patient) return [];
      const org = str(d.organizationId);
      // Her own portal grants need no notice to her; every consent a flow created for her does.
      if (e.actorRole === "patient") return org && d.source === "PORTAL" ? [{ recipient: orgKey(org), kind: "CONSENT_GRANTED", data: { consentId: record, patientId: e.patientId } }] : [];
      if (d.source === "CONSULTATION") return []; // told as the consultation's own notices
      return [{ recipient: patient, kind: "CONSENT_CREATED", data: { consentId: record, organizationId: org, source: d.source ?? null } }];
    }
    case "consent-revoked": {
      const org = str(d.organizationId);
      return org && e.patientId ? [{ recipient: orgKey(org), kind: "CONSENT_REVOKED", data: { consentId: record, patientId: e.patientId } }] : [];
    }
    default:
      return e.eventType.startsWith("consultation-") ? consultation(e) : [];
  }
}

/**
 * The SQL that stores the notifications of a batch of appended audit events, and queues a webhook delivery for
 * each active endpoint of the recipient's institution, in the caller's transaction. Null when nothing to store.
 */
export function notificationInsert(events: readonly AuditEventInput[]): { sql: string; params: unknown[] } | null {
  const drafts = events.flatMap((e) => (e.eventType === "access" || e.eventType === "operation" ? [] : notificationsFor(e)));
  if (drafts.length === 0) return null;
  const params: unknown[] = [];
  const tuples = drafts.map((n) => {
    params.push(n.recipient, recipientOrg(n.recipient), n.kind, JSON.stringify(n.data));
    const b = params.length - 4;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::jsonb)`;
  });
  return {
    sql: `WITH n AS (INSERT INTO consent.notifications (recipient, recipient_org, kind, data) VALUES ${tuples.join(", ")} RETURNING seq, recipient_org)
      INSERT INTO consent.webhook_deliveries (endpoint_id, notification_seq)
      SELECT e.id, n.seq FROM n JOIN consent.webhook_endpoints e ON e.organization_id = n.recipient_org AND e.active`,
    params,
  };
}
