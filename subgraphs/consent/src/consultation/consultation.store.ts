import { dataSource, type DataCategory } from "@hub/common";
import { attributeContext, auditEventOf, linkedIdOfConsultationSql, rowsOf, type AuditEventType, type Queryable } from "@hub/policies";

/** A consultation as stored (`consent.consultations`, owned by this feature). */
export interface ConsultationRow {
  id: string; patientId: string; requesterOrg: string; requesterSub: string; specialistOrg: string; specialistSub: string; question: string;
  categories: DataCategory[]; recordIds: string[] | null; expiresAt: Date; status: "PENDING" | "OPEN" | "ANSWERED" | "DECLINED" | "WITHDRAWN" | "EXPIRED";
  consentId: string | null; basedOn: string | null; shareIdentity: boolean; answerText: string | null; answerResources: Record<string, unknown>[] | null;
  answeredAt: Date | null; closedAt: Date | null; createdAt: Date; linkedId: string;
}

interface Row {
  id: string; patient_id: string; requester_org: string; requester_sub: string; specialist_org: string; specialist_sub: string; question: string;
  categories: DataCategory[]; record_ids: string[] | null; expires_at: Date | string; status: ConsultationRow["status"]; consent_id: string | null;
  based_on: string | null; share_identity: boolean; answer_text: string | null; answer_resources: Record<string, unknown>[] | null;
  answered_at: Date | string | null; closed_at: Date | string | null; created_at: Date | string; linked_id: string;
}
const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const toRow = (r: Row): ConsultationRow => ({
  id: r.id, patientId: r.patient_id, requesterOrg: r.requester_org, requesterSub: r.requester_sub, specialistOrg: r.specialist_org, specialistSub: r.specialist_sub,
  question: r.question, categories: r.categories, recordIds: r.record_ids, expiresAt: new Date(r.expires_at), status: r.status, consentId: r.consent_id,
  basedOn: r.based_on, shareIdentity: r.share_identity, answerText: r.answer_text, answerResources: r.answer_resources, answeredAt: date(r.answered_at),
  closedAt: date(r.closed_at), createdAt: new Date(r.created_at), linkedId: r.linked_id,
});
const SELECT = `SELECT c.*, ${linkedIdOfConsultationSql("c.id")} AS linked_id FROM consent.consultations c`;

/** Open and pending consultations past their end read EXPIRED (their consent has expired by itself). */
export const effectiveStatus = (c: ConsultationRow, now = new Date()): ConsultationRow["status"] =>
  (c.status === "OPEN" || c.status === "PENDING") && c.expiresAt <= now ? "EXPIRED" : c.status;

export async function insertConsultation(c: Omit<ConsultationRow, "status" | "consentId" | "basedOn" | "shareIdentity" | "answerText" | "answerResources" | "answeredAt" | "closedAt" | "createdAt" | "linkedId">, tx: Queryable): Promise<void> {
  await tx.query(`INSERT INTO consent.consultations (id, patient_id, requester_org, requester_sub, specialist_org, specialist_sub, question, categories, record_ids, expires_at, status)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'PENDING')`,
  [c.id, c.patientId, c.requesterOrg, c.requesterSub, c.specialistOrg, c.specialistSub, c.question, c.categories, c.recordIds, c.expiresAt.toISOString()]);
}

export async function consultationById(id: string, q: Queryable = dataSource("consent")): Promise<ConsultationRow | null> {
  const [r] = rowsOf<Row>(await q.query(`${SELECT} WHERE c.id = $1`, [id]));
  return r ? toRow(r) : null;
}

/** Move a consultation on, only from the status it is in (a concurrent change wins once); null when it was not there. */
export async function transition(id: string, from: ConsultationRow["status"][], set: Partial<Pick<ConsultationRow, "status" | "consentId" | "basedOn" | "shareIdentity" | "answerText" | "answerResources" | "answeredAt" | "closedAt">>, tx: Queryable): Promise<ConsultationRow | null> {
  const cols: Record<string, unknown> = {
    status: set.status, consent_id: set.consentId, based_on: set.basedOn, share_identity: set.shareIdentity, answer_text: set.answerText,
    answer_resources: set.answerResources === undefined ? undefined : JSON.stringify(set.answerResources), answered_at: set.answeredAt?.toISOString(),
    closed_at: set.closedAt?.toISOString(),
  };
  const entries = Object.entries(cols).filter(([, v]) => v !== undefined);
  const params: unknown[] = [id, from];
  const sets = entries.map(([k, v]) => { params.push(v); return `${k} = $${params.length}`; });
  const [r] = rowsOf<{ id: string }>(await tx.query(
    `UPDATE consent.consultations SET ${sets.join(", ")} WHERE id = $1 AND status = ANY($2::text[]) AND expires_at > now() RETURNING id`, params));
  return r ? consultationById(id, tx) : null;
}

export type ConsultationListKind = { specialist: { org: string; sub: string } } | { requester: { org: string; sub: string } } | { patient: string };

/** A page of consultations, newest first, keyset by (created_at, id). */
export async function listConsultations(who: ConsultationListKind, status: ConsultationRow["status"] | null, limit: number, after: { at: string; id: string } | null): Promise<ConsultationRow[]> {
  const params: unknown[] = [];
  let where: string;
  if ("specialist" in who) { params.push(who.specialist.org, who.specialist.sub); where = `c.specialist_org = $1 AND c.specialist_sub = $2`; }
  else if ("requester" in who) { params.push(who.requester.org, who.requester.sub); where = `c.requester_org = $1 AND c.requester_sub = $2`; }
  else { params.push(who.patient); where = `c.patient_id = $1`; }
  // The specialist's inbox shows what reached them: never a request the patient has not approved or declined.
  if ("specialist" in who) where += ` AND c.status <> 'PENDING' AND c.status <> 'DECLINED'`;
  if (status) {
    params.push(status);
    const s = `$${params.length}`;
    where += status === "EXPIRED"
      ? ` AND (c.status = 'EXPIRED' OR (c.status IN ('OPEN','PENDING') AND c.expires_at <= now()))`
      : ` AND c.status = ${s} AND (c.status NOT IN ('OPEN','PENDING') OR c.expires_at > now())`;
  }
  params.push(after?.at ?? null, after?.id ?? null, limit);
  const n = params.length;
  return rowsOf<Row>(await dataSource("consent").query(
    `${SELECT} WHERE ${where} AND ($${n - 2}::timestamptz IS NULL OR (c.created_at, c.id) < ($${n - 2}::timestamptz, $${n - 1}::text))
      ORDER BY c.created_at DESC, c.id DESC LIMIT $${n}`, params)).map(toRow);
}

/** Audit a step of a consultation under the patient (she sees every step in her access log); its parties drive the notices. */
export async function auditStep(eventType: AuditEventType, c: ConsultationRow, tx: Queryable, extra: Record<string, unknown> = {}): Promise<void> {
  await attributeContext().appendAudit(tx, [auditEventOf({
    eventType, patientId: c.patientId, category: "consent", recordIds: [c.id],
    detail: { consultationId: c.id, requesterOrg: c.requesterOrg, requesterSub: c.requesterSub, specialistOrg: c.specialistOrg, specialistSub: c.specialistSub,
      linkedId: c.linkedId, categories: c.categories, recordIds: c.recordIds, ...extra },
  })]);
}

/**
 * Record the end of every open or pending consultation past its `expiresAt` (its consent has expired by itself): once
 * each, even when every replica sweeps (the UPDATE moves a row once), audited under the patient as the hub's act.
 */
export async function closeExpiredConsultations(): Promise<number> {
  return dataSource("consent").transaction(async (q) => {
    const closed = rowsOf<Row>(await q.query(
      `UPDATE consent.consultations c SET status = 'EXPIRED', closed_at = c.expires_at WHERE c.status IN ('OPEN','PENDING') AND c.expires_at <= now()
       RETURNING c.*, ${linkedIdOfConsultationSql("c.id")} AS linked_id`)).map(toRow);
    await attributeContext().appendAudit(q, closed.map((c) => ({
      at: new Date(), eventType: "consultation-expired" as const, actorSub: "hub", actorRole: "system", actorOrg: null, patientId: c.patientId, category: "consent",
      recordIds: [c.id], detail: { consultationId: c.id, requesterOrg: c.requesterOrg, requesterSub: c.requesterSub, specialistOrg: c.specialistOrg,
        specialistSub: c.specialistSub, linkedId: c.linkedId, reason: "expired" },
    })));
    return closed.length;
  });
}
