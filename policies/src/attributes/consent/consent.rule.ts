import type { Actor, DataCategory, Purpose } from "@hub/common";
import { scopeCovers, scopeCoversSql, type AttributeSource, type Bind, type RecordColumns, type RecordRef, type ScopeField } from "../scope.js";

/**
 * 同意 (consent): the patient lets one institution (or one practitioner of it) read some of her data for one purpose
 * until it expires or she revokes it. The one home of what a consent covers, in TypeScript for single decisions and
 * in SQL for lists (SPEC §6, §12).
 *
 * A consent covers a record when all of these hold:
 * - it is ACTIVE and not expired, for the caller's institution, the request's purpose, and (when it names one) the
 *   caller as practitioner;
 * - its categories include the record's category; no categories means every category of clinical, document, PHR and
 *   eligibility data, never the patient's own consents and access log (those are hers alone);
 * - its record ids, when given, include the record; its source institutions, when given, include the record's
 *   source. These combine with AND, like seal scopes. A consent with either is *scoped*: it opens those rows only,
 *   which is what the acts that create consents need (a questionnaire opens that questionnaire, an exchange number
 *   that document).
 */
export const CONSENT_SOURCES = ["PORTAL", "CARD_READER", "QUESTIONNAIRE", "RESERVATION", "EXCHANGE", "PREFETCH", "SHARE", "CONSULTATION"] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ConsentAttr {
  id: string;
  status: "ACTIVE" | "REVOKED";
  organizationId: string;
  purpose: Purpose;
  /** null = all categories (except the patient-only ones) */
  categories: DataCategory[] | null;
  expiresAt: Date | null;
  /** Only this practitioner of the institution may use it (specialist shares); null = the whole institution. */
  practitionerSub?: string | null;
  /** Only these records; null = every record of the categories. */
  recordIds?: string[] | null;
  /** Only records from these institutions; null = from any. */
  sourceOrganizationIds?: string[] | null;
  source?: ConsentSource;
}

/** Categories no consent ever opens to someone else: they are the patient's own business (SPEC §6 decisions). */
export const PATIENT_ONLY: readonly DataCategory[] = ["consent", "access_log"];

/** Who and when: the part of a consent that does not depend on the record. */
export interface ConsentHolder {
  actor: Actor;
  purpose: Purpose;
  now: Date;
}

export function consentApplies(c: ConsentAttr, h: ConsentHolder): boolean {
  return c.status === "ACTIVE" && h.actor.org !== undefined && c.organizationId === h.actor.org && c.purpose === h.purpose
    && (c.expiresAt === null || c.expiresAt > h.now) && (!c.practitionerSub || c.practitionerSub === h.actor.sub);
}

export function consentCoversCategory(c: ConsentAttr, category: DataCategory): boolean {
  return c.categories === null ? !PATIENT_ONLY.includes(category) : c.categories.includes(category);
}

/** The record part of a consent's scope (record ids, source institutions), field by field, with its column. */
export const CONSENT_RECORD_SCOPE: readonly ScopeField<ConsentAttr>[] = [
  { name: "recordIds", get: (c) => c.recordIds ?? null, record: "id", many: true, column: "record_ids" },
  { name: "sourceOrganizationIds", get: (c) => c.sourceOrganizationIds ?? null, record: "sourceOrg", many: true, column: "source_organization_ids" },
];

export const isScoped = (c: ConsentAttr): boolean => (c.recordIds ?? null) !== null || (c.sourceOrganizationIds ?? null) !== null;

/** Does this consent let the holder read this record? (TypeScript form.) */
export function consentCovers(c: ConsentAttr, h: ConsentHolder, r: RecordRef): boolean {
  return consentApplies(c, h) && consentCoversCategory(c, r.category) && scopeCovers(CONSENT_RECORD_SCOPE, c, r);
}

/** The first consent that covers the record, or undefined. */
export function coveringConsent(consents: readonly ConsentAttr[], h: ConsentHolder, r: RecordRef): ConsentAttr | undefined {
  return consents.find((c) => consentCovers(c, h, r));
}

/**
 * For a list of one category: the consents that open rows of it. `all` when one of them opens every row;
 * otherwise the scoped ones, whose union is what the list may show.
 */
export function consentsForList(consents: readonly ConsentAttr[], h: ConsentHolder, category: DataCategory): { all: ConsentAttr | undefined; scoped: ConsentAttr[] } {
  const applicable = consents.filter((c) => consentApplies(c, h) && consentCoversCategory(c, category));
  return { all: applicable.find((c) => !isScoped(c)), scoped: applicable.filter(isScoped) };
}

/** SQL form of the record part of the scope (a consent from a table alias or bound values). */
export function consentRecordScopeSql(c: AttributeSource<ConsentAttr>, rec: RecordColumns): string {
  return scopeCoversSql(CONSENT_RECORD_SCOPE, c, rec);
}

/** SQL form of `consentCoversCategory`. */
export function consentCategorySql(c: AttributeSource<ConsentAttr>, category: string): string {
  if ("alias" in c) {
    return `((${c.alias}.categories IS NULL AND ${category} NOT IN (${PATIENT_ONLY.map((p) => `'${p}'`).join(", ")})) OR ${category} = ANY(${c.alias}.categories))`;
  }
  return c.value.categories === null
    ? `(${category} NOT IN (${PATIENT_ONLY.map((p) => `'${p}'`).join(", ")}))`
    : `(${category} = ANY(${c.bind(c.value.categories, "text[]")}))`;
}

/**
 * SQL form of `consentCovers` against `consent.consents` (alias `c`): an active consent of the patient for this
 * holder covers the row. `bind` binds the holder's institution, subject, purpose and time.
 */
export function consentExistsSql(h: ConsentHolder, rec: RecordColumns & { patient: string }, bind: Bind, extra = ""): string {
  return `EXISTS (SELECT 1 FROM consent.consents c WHERE c.patient_id = ${rec.patient} AND c.status = 'ACTIVE'
    AND c.organization_id = ${bind(h.actor.org ?? null, "text")} AND c.purpose = ${bind(h.purpose, "text")}
    AND (c.expires_at IS NULL OR c.expires_at > ${bind(h.now.toISOString(), "timestamptz")})
    AND (c.practitioner_sub IS NULL OR c.practitioner_sub = ${bind(h.actor.sub, "text")})${extra}
    AND ${consentCategorySql({ alias: "c" }, rec.category ?? "NULL")} AND ${consentRecordScopeSql({ alias: "c" }, rec)})`;
}
