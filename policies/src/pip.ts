import type { DataCategory, Purpose } from "@hub/common";
import type { PatientAttributes, SealLevel } from "./attributes.js";

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
}

/** Policy information point: the attributes of one patient that decisions need. */
export interface PolicyInformationPoint {
  load(patientId: string, emergencyAccessId: string | undefined, now: Date): Promise<PatientAttributes>;
}

interface Row {
  consents: { id: string; organization_id: string; purpose: Purpose; categories: DataCategory[] | null; expires_at: string | null; practitioner_sub: string | null }[];
  seals: { id: string; level: SealLevel; source_organization_id: string | null; category: DataCategory | null; record_ids: string[] | null }[];
  card_flags: { organization_id: string; categories: DataCategory[]; confirmed_at: string }[];
  emergency: { id: string; patient_id: string; actor_sub: string; expires_at: string } | null;
  policy_version: number | null;
}

/**
 * Loads consents, seals, card-reader flags and the request's emergency grant in one round trip, straight from
 * the tables the consent and eligibility subgraphs own. Read per request, never cached across requests, so a
 * revocation or a new seal takes effect on the very next request in every process.
 */
export class SqlPolicyInformationPoint implements PolicyInformationPoint {
  constructor(private readonly db: Queryable) {}

  async load(patientId: string, emergencyAccessId: string | undefined, now: Date): Promise<PatientAttributes> {
    const [row] = (await this.db.query(
      `SELECT
        (SELECT coalesce(json_agg(json_build_object('id', c.id, 'organization_id', c.organization_id, 'purpose', c.purpose,
                'categories', c.categories, 'expires_at', c.expires_at, 'practitioner_sub', c.practitioner_sub)), '[]'::json)
           FROM consent.consents c
          WHERE c.patient_id = $1 AND c.status = 'ACTIVE' AND (c.expires_at IS NULL OR c.expires_at > $3)) AS consents,
        (SELECT coalesce(json_agg(json_build_object('id', s.id, 'level', s.level, 'source_organization_id', s.source_organization_id,
                'category', s.category, 'record_ids', s.record_ids)), '[]'::json)
           FROM consent.seals s WHERE s.patient_id = $1 AND s.active) AS seals,
        (SELECT coalesce(json_agg(json_build_object('organization_id', f.organization_id, 'categories', f.categories,
                'confirmed_at', f.confirmed_at)), '[]'::json)
           FROM eligibility.card_consents f WHERE f.patient_id = $1 AND f.confirmed_at > $3::timestamptz - interval '24 hours') AS card_flags,
        (SELECT json_build_object('id', e.id, 'patient_id', e.patient_id, 'actor_sub', e.actor_sub, 'expires_at', e.expires_at)
           FROM consent.emergency_accesses e
          WHERE e.id = $2 AND e.patient_id = $1 AND e.ended_at IS NULL AND e.expires_at > $3) AS emergency,
        (SELECT max(version) FROM consent.policy_versions) AS policy_version`,
      [patientId, emergencyAccessId ?? null, now.toISOString()],
    )) as Row[];
    return {
      patientId,
      consents: row.consents.map((c) => ({
        id: c.id, status: "ACTIVE" as const, organizationId: c.organization_id, purpose: c.purpose, categories: c.categories,
        expiresAt: c.expires_at ? new Date(c.expires_at) : null, practitionerSub: c.practitioner_sub,
      })),
      seals: row.seals.map((s) => ({
        id: s.id, level: s.level, sourceOrganizationId: s.source_organization_id, category: s.category, recordIds: s.record_ids,
      })),
      cardFlags: row.card_flags.map((f) => ({ organizationId: f.organization_id, categories: f.categories, confirmedAt: new Date(f.confirmed_at) })),
      emergency: row.emergency
        ? { id: row.emergency.id, patientId: row.emergency.patient_id, actorSub: row.emergency.actor_sub, expiresAt: new Date(row.emergency.expires_at) }
        : null,
      policyVersion: row.policy_version === null ? undefined : Number(row.policy_version),
    };
  }
}
