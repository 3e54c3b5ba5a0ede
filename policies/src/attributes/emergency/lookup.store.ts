import { randomUUID } from "node:crypto";
import type { Actor } from "@hub/common";
import { auditEventOf } from "../../audit/collector.js";
import { attributeContext, inTransaction, rowsOf } from "../context.js";
import { notifyPatient } from "./notification.store.js";

/**
 * 救急時の患者検索: each findPatientForEmergency lookup is stored (`consent.emergency_lookups`, created by the consent
 * subgraph's migrations, written only here) with its justification and the candidates it returned, and audited
 * (`emergency-lookup`) under each candidate, who is notified, in one transaction. A lookup that found nobody is
 * audited without a patient. The per-actor limits count these rows (normal and disaster lookups separately).
 */
export async function recordLookup(l: { actor: Actor; method: "CARD" | "SEARCH"; justification: string; disasterId: string | null; candidateIds: string[]; at: Date }): Promise<string> {
  const ctx = attributeContext();
  const id = randomUUID();
  await inTransaction(undefined, async (q) => {
    await q.query(
      `INSERT INTO consent.emergency_lookups (id, actor_sub, actor_role, actor_org, method, justification, disaster_id, candidate_ids, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, l.actor.sub, l.actor.role, l.actor.org ?? null, l.method, l.justification, l.disasterId, l.candidateIds, l.at.toISOString()]);
    const detail = { lookupId: id, method: l.method, justification: l.justification, disasterId: l.disasterId, candidates: l.candidateIds.length };
    const events = l.candidateIds.length === 0
      ? [auditEventOf({ eventType: "emergency-lookup", detail })]
      : l.candidateIds.map((patientId) => auditEventOf({ eventType: "emergency-lookup", patientId, category: "demographics", detail }));
    await ctx.appendAudit(q, events);
    for (const patientId of l.candidateIds) {
      await notifyPatient(q, { patientId, at: l.at, kind: "EMERGENCY_LOOKUP", organizationId: l.actor.org ?? null, actorRole: l.actor.role,
        emergencyAccessId: null, disasterId: l.disasterId, until: null, teamSize: 0 });
    }
  });
  return id;
}

/** How many lookups this actor made since `since`, under a declaration (`disaster`) or not. */
export async function lookupsSince(actorSub: string, since: Date, disaster: boolean): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await attributeContext().db.query(
    `SELECT count(*)::int AS n FROM consent.emergency_lookups WHERE actor_sub = $1 AND at > $2 AND (disaster_id IS NOT NULL) = $3`,
    [actorSub, since.toISOString(), disaster]));
  return r.n;
}
