import type { DataSource } from "typeorm";
import type { Actor, DataCategory, Purpose } from "@hub/common";
import { decide, type DecisionTrace, type RolePolicy } from "../pdp.js";
import { SqlPolicyInformationPoint } from "../pip.js";
import type { ResourceAttributes } from "../resource.js";

export interface ExplainInput {
  actor: Actor;
  purpose: Purpose;
  patientId: string;
  category?: DataCategory;
  recordId?: string;
  sourceOrganizationId?: string;
  emergencyAccessId?: string;
}

export interface Explanation extends DecisionTrace {
  resource: ResourceAttributes;
  policyVersion: number;
  attributesUsed: Record<string, unknown>;
}

/** Find a record's attributes wherever it lives (clinical records, documents). */
async function recordAttributes(ds: DataSource, id: string): Promise<Omit<ResourceAttributes, "patientId"> & { patientId: string } | null> {
  const rows = (await ds.query(
    `SELECT id, patient_id, category, source_org_id, withheld FROM clinical.records WHERE id = $1
     UNION ALL SELECT id, patient_id, category, source_org_id, withheld FROM documents.documents WHERE id = $1`,
    [id],
  )) as { id: string; patient_id: string; category: DataCategory; source_org_id: string; withheld: boolean }[];
  const r = rows[0];
  return r ? { patientId: r.patient_id, category: r.category, sourceOrgId: r.source_org_id, recordId: r.id, withheld: r.withheld } : null;
}

/**
 * Explain one decision on current data through exactly the PDP path of real requests (same attribute query, same
 * `decide`, the live policy), writing nothing: no audit event, no patient data.
 */
export async function explainAccess(ds: DataSource, policy: RolePolicy, policyVersion: number, input: ExplainInput): Promise<Explanation | { error: string }> {
  let resource: ResourceAttributes;
  if (input.recordId) {
    const r = await recordAttributes(ds, input.recordId);
    if (!r || r.patientId !== input.patientId) return { error: "no such record for this patient" };
    resource = r;
  } else {
    if (!input.category) return { error: "give a category or a recordId" };
    resource = { patientId: input.patientId, category: input.category, sourceOrgId: input.sourceOrganizationId };
  }
  const now = new Date();
  const attrs = await new SqlPolicyInformationPoint(ds).load(input.patientId, input.emergencyAccessId, now);
  const d = decide({ actor: input.actor, purpose: input.purpose, now }, resource, attrs, policy);
  return {
    ...d, resource, policyVersion,
    attributesUsed: {
      consents: attrs.consents.map((c) => ({ id: c.id, organizationId: c.organizationId, purpose: c.purpose, categories: c.categories, expiresAt: c.expiresAt })),
      seals: attrs.seals.map((s) => ({ id: s.id, level: s.level, sourceOrganizationId: s.sourceOrganizationId, category: s.category, recordIds: s.recordIds?.length ?? 0 })),
      cardFlags: attrs.cardFlags,
      emergency: attrs.emergency,
      flags: d.flags,
    },
  };
}
