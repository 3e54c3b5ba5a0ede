import { randomUUID } from "node:crypto";
import { BadUserInputError, DATA_CATEGORIES, type DataCategory, type Purpose } from "@hub/common";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf, type Queryable } from "../context.js";
import { PATIENT_ONLY, type ConsentAttr, type ConsentSource } from "./consent.rule.js";

/** A consent as stored (`consent.consents`, created by the consent subgraph's migrations). */
export interface ConsentRecord extends ConsentAttr {
  patientId: string;
  source: ConsentSource;
  grantedAt: Date;
  revokedAt: Date | null;
  onwardSharing: boolean;
  sharedBy: string | null;
  note: string | null;
  /** The act that created it (a reservation, questionnaire or document id): ending that act ends the consent. */
  originId: string | null;
  /** Facts of that act the patient and the holder see (for example the visit day of a reservation). */
  detail: Record<string, unknown> | null;
}

interface Row {
  id: string; patient_id: string; organization_id: string; purpose: Purpose; categories: DataCategory[] | null; status: "ACTIVE" | "REVOKED";
  granted_at: Date | string; expires_at: Date | string | null; revoked_at: Date | string | null; source: ConsentSource; onward_sharing: boolean;
  practitioner_sub: string | null; shared_by: string | null; note: string | null; record_ids: string[] | null;
  source_organization_ids: string[] | null; origin_id: string | null; detail: Record<string, unknown> | null;
}

const COLUMNS = `id, patient_id, organization_id, purpose, categories, status, granted_at, expires_at, revoked_at, source, onward_sharing,
  practitioner_sub, shared_by, note, record_ids, source_organization_ids, origin_id, detail`;
const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export const toConsentRecord = (r: Row): ConsentRecord => ({
  id: r.id, patientId: r.patient_id, organizationId: r.organization_id, purpose: r.purpose, categories: r.categories, status: r.status,
  grantedAt: new Date(r.granted_at), expiresAt: date(r.expires_at), revokedAt: date(r.revoked_at), source: r.source,
  onwardSharing: r.onward_sharing, practitionerSub: r.practitioner_sub, sharedBy: r.shared_by, note: r.note, recordIds: r.record_ids,
  sourceOrganizationIds: r.source_organization_ids, originId: r.origin_id, detail: r.detail,
});

export interface GrantInput {
  patientId: string;
  organizationId: string;
  purpose: Purpose;
  source: ConsentSource;
  /** Omitted or empty = all categories (never the patient-only ones). */
  categories?: DataCategory[] | null;
  recordIds?: string[] | null;
  sourceOrganizationIds?: string[] | null;
  expiresAt?: Date | null;
  practitionerSub?: string | null;
  onwardSharing?: boolean;
  sharedBy?: string | null;
  note?: string | null;
  originId?: string | null;
  detail?: Record<string, unknown> | null;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const ORG = /^\d{10}$/;
const list = <T extends string>(v: T[] | null | undefined): T[] | null => (v && v.length > 0 ? [...new Set(v)] : null);

/** Check what a consent may say; BAD_USER_INPUT names the argument. */
function checkGrant(g: GrantInput, now: Date): void {
  if (!ORG.test(g.organizationId)) throw new BadUserInputError("organizationId must be a 10-digit institution code", { argument: "organizationId" });
  for (const c of g.categories ?? []) {
    if (!(DATA_CATEGORIES as readonly string[]).includes(c)) throw new BadUserInputError(`unknown category ${c}`, { argument: "categories" });
    if (PATIENT_ONLY.includes(c)) throw new BadUserInputError(`${c} is yours alone and cannot be shared`, { argument: "categories" });
  }
  if ((g.recordIds?.length ?? 0) > 1000 || g.recordIds?.some((id) => !ID.test(id))) throw new BadUserInputError("recordIds: at most 1000 well-formed ids", { argument: "recordIds" });
  if (g.sourceOrganizationIds?.some((o) => !ORG.test(o))) throw new BadUserInputError("sourceOrganizationIds must be 10-digit institution codes", { argument: "sourceOrganizationIds" });
  if (g.expiresAt && g.expiresAt <= now) throw new BadUserInputError("expiresAt must be in the future", { argument: "expiresAt" });
}

/**
 * The only writer of consents. Every act that lets someone read (the portal, an exchange number, a questionnaire, a
 * reservation, a pre-fetch, a share, a consultation) comes here: the consent and its audit event (`consent-granted`,
 * or `consent-shared` for shares) commit together, in the caller's transaction when it passes one, and the patient
 * sees both (`consents`, `accessLog`). In force from the next decision, this request included.
 */
export async function grantConsent(g: GrantInput, tx?: Queryable): Promise<ConsentRecord> {
  const now = new Date();
  checkGrant(g, now);
  const ctx = attributeContext();
  const row = await inTransaction(tx, async (q) => {
    let r: Row;
    try {
      [r] = rowsOf<Row>(await q.query(
        `INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, status, granted_at, expires_at, source,
           onward_sharing, practitioner_sub, shared_by, note, record_ids, source_organization_ids, origin_id, detail)
         VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
        [randomUUID(), g.patientId, g.organizationId, g.purpose, list(g.categories), now.toISOString(), g.expiresAt?.toISOString() ?? null, g.source,
          g.onwardSharing ?? false, g.practitionerSub ?? null, g.sharedBy ?? null, g.note ?? null, list(g.recordIds), list(g.sourceOrganizationIds),
          g.originId ?? null, g.detail ? JSON.stringify(g.detail) : null],
      ));
    } catch (e) {
      if ((e as { code?: string }).code === "23503") throw new BadUserInputError("unknown institution", { argument: "organizationId" });
      throw e;
    }
    await ctx.appendAudit(q, [auditEventOf({
      eventType: g.source === "SHARE" ? "consent-shared" : "consent-granted", patientId: g.patientId, category: "consent", recordIds: [r.id],
      detail: { source: r.source, organizationId: r.organization_id, purpose: r.purpose, categories: r.categories, recordIds: r.record_ids,
        sourceOrganizationIds: r.source_organization_ids, practitionerId: r.practitioner_sub, expiresAt: date(r.expires_at)?.toISOString() ?? null,
        originId: r.origin_id },
    })]);
    return r;
  });
  ctx.forget(g.patientId);
  return toConsentRecord(row);
}

/**
 * The patient revokes one of her consents (idempotent); null when she has none with this id. Whatever rode on it
 * (shares made under its onward-sharing permission) ends with it: nothing it allowed stays allowed because of it.
 */
export async function revokeConsent(patientId: string, id: string): Promise<ConsentRecord | null> {
  const ctx = attributeContext();
  const row = await inTransaction(undefined, async (q) => {
    const [r] = rowsOf<Row>(await q.query(
      `UPDATE consent.consents SET status = 'REVOKED', revoked_at = now() WHERE id = $1 AND patient_id = $2 AND status = 'ACTIVE' RETURNING ${COLUMNS}`, [id, patientId]));
    if (r) {
      await ctx.appendAudit(q, [auditEventOf({ eventType: "consent-revoked", patientId, category: "consent", recordIds: [id], detail: { organizationId: r.organization_id, source: r.source } })]);
      await endConsentsOf(patientId, id, "the consent it rode on was revoked", q);
    }
    return r ?? rowsOf<Row>(await q.query(`SELECT ${COLUMNS} FROM consent.consents WHERE id = $1 AND patient_id = $2`, [id, patientId]))[0];
  });
  ctx.forget(patientId);
  return row ? toConsentRecord(row) : null;
}

/** End every active consent an act created (a cancelled reservation, a withdrawn document), audited each. */
export async function endConsentsOf(patientId: string, originId: string, reason: string, tx?: Queryable): Promise<ConsentRecord[]> {
  const ctx = attributeContext();
  const rows = await inTransaction(tx, async (q) => {
    const ended = rowsOf<Row>(await q.query(
      `UPDATE consent.consents SET status = 'REVOKED', revoked_at = now() WHERE patient_id = $1 AND origin_id = $2 AND status = 'ACTIVE' RETURNING ${COLUMNS}`,
      [patientId, originId]));
    await ctx.appendAudit(q, ended.map((r) => auditEventOf({ eventType: "consent-ended", patientId, category: "consent", recordIds: [r.id],
      detail: { organizationId: r.organization_id, source: r.source, originId, reason } })));
    return ended;
  });
  ctx.forget(patientId);
  return rows.map(toConsentRecord);
}

/** The patient's consents, newest first (her own list). */
export async function consentsOfPatient(patientId: string): Promise<ConsentRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.consents WHERE patient_id = $1 ORDER BY granted_at DESC, id DESC`, [patientId])).map(toConsentRecord);
}

/** Active, unexpired consents of a patient for one institution and purpose (for example the base of a share). */
export async function activeConsents(patientId: string, organizationId: string, purpose: Purpose, sources: readonly ConsentSource[]): Promise<ConsentRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.consents WHERE patient_id = $1 AND organization_id = $2 AND purpose = $3 AND status = 'ACTIVE'
       AND (expires_at IS NULL OR expires_at > now()) AND source = ANY($4::text[]) ORDER BY granted_at DESC`,
    [patientId, organizationId, purpose, [...sources]])).map(toConsentRecord);
}

/** Active, unexpired consents an institution holds from these patients, by source (work lists: reservations, pre-fetches). */
export async function consentsHeldBy(organizationId: string, patientIds: readonly string[], sources: readonly ConsentSource[]): Promise<ConsentRecord[]> {
  if (patientIds.length === 0) return [];
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT ${COLUMNS} FROM consent.consents WHERE organization_id = $1 AND patient_id = ANY($2::text[]) AND status = 'ACTIVE'
       AND (expires_at IS NULL OR expires_at > now()) AND source = ANY($3::text[]) ORDER BY granted_at`,
    [organizationId, [...patientIds], [...sources]])).map(toConsentRecord);
}

/** Sub-select for the attribute load (PIP): the patient's active, unexpired consents as JSON. */
export const activeConsentsJsonSql = (patient: string, now: string): string =>
  `(SELECT coalesce(json_agg(json_build_object('id', c.id, 'organization_id', c.organization_id, 'purpose', c.purpose,
      'categories', c.categories, 'expires_at', c.expires_at, 'practitioner_sub', c.practitioner_sub, 'record_ids', c.record_ids,
      'source_organization_ids', c.source_organization_ids, 'source', c.source)), '[]'::json)
     FROM consent.consents c WHERE c.patient_id = ${patient} AND c.status = 'ACTIVE' AND (c.expires_at IS NULL OR c.expires_at > ${now}))`;

export const consentFromJson = (c: Pick<Row, "id" | "organization_id" | "purpose" | "categories" | "expires_at" | "practitioner_sub" | "record_ids" | "source_organization_ids" | "source">): ConsentAttr => ({
  id: c.id, status: "ACTIVE", organizationId: c.organization_id, purpose: c.purpose, categories: c.categories, expiresAt: date(c.expires_at),
  practitionerSub: c.practitioner_sub, recordIds: c.record_ids, sourceOrganizationIds: c.source_organization_ids, source: c.source,
});

/** End one consent an act created (a consultation answered, withdrawn or expired), audited; null when not active. */
export async function endConsent(patientId: string, id: string, reason: string, tx?: Queryable): Promise<ConsentRecord | null> {
  const ctx = attributeContext();
  const row = await inTransaction(tx, async (q) => {
    const [r] = rowsOf<Row>(await q.query(
      `UPDATE consent.consents SET status = 'REVOKED', revoked_at = now() WHERE id = $1 AND patient_id = $2 AND status = 'ACTIVE' RETURNING ${COLUMNS}`, [id, patientId]));
    if (r) {
      await ctx.appendAudit(q, [auditEventOf({ eventType: "consent-ended", patientId, category: "consent", recordIds: [id],
        detail: { organizationId: r.organization_id, source: r.source, originId: r.origin_id, reason } })]);
    }
    return r;
  });
  ctx.forget(patientId);
  return row ? toConsentRecord(row) : null;
}

/** Whether a consent is active and unexpired now (a consultation's access lasts as long as its consent). */
export async function consentActive(id: string): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(await attributeContext().db.query(
    `SELECT 1 AS n FROM consent.consents WHERE id = $1 AND status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now())`, [id]));
  return rows.length > 0;
}

/**
 * The patients who currently consent to an institution (a PHR app finding its users): one line per patient with
 * her newest active consent, newest first, keyset-paged by (granted_at, id).
 */
export async function patientsConsentingTo(organizationId: string, limit: number, after: { at: string; id: string } | null): Promise<ConsentRecord[]> {
  return rowsOf<Row>(await attributeContext().db.query(
    `SELECT * FROM (SELECT DISTINCT ON (patient_id) ${COLUMNS} FROM consent.consents
        WHERE organization_id = $1 AND status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now())
        ORDER BY patient_id, granted_at DESC, id DESC) c
      WHERE ($2::timestamptz IS NULL OR (c.granted_at, c.id) < ($2::timestamptz, $3::text))
      ORDER BY c.granted_at DESC, c.id DESC LIMIT $4`,
    [organizationId, after?.at ?? null, after?.id ?? null, limit])).map(toConsentRecord);
}
