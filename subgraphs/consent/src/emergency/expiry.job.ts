import type { DataSource } from "typeorm";
import { logger } from "@hub/common";
import { auditStore } from "@hub/policies";

/**
 * Grants expire by themselves (the PDP checks `expires_at`); this job records the end: it closes expired grants
 * and writes the DICOM 110138 "Emergency Override Stopped" event for each. Safe to run in several processes:
 * each grant is closed by exactly one UPDATE … RETURNING.
 */
export async function closeExpiredGrants(ds: DataSource, now = new Date()): Promise<number> {
  const rows = (await ds.query(
    `UPDATE consent.emergency_accesses SET ended_at = expires_at, end_reason = 'expired'
      WHERE ended_at IS NULL AND expires_at <= $1 RETURNING id, patient_id, actor_sub, actor_role, actor_org`,
    [now.toISOString()],
  )) as [{ id: string; patient_id: string; actor_sub: string; actor_role: string; actor_org: string | null }[], number] | { id: string }[];
  const closed = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string; patient_id: string; actor_sub: string; actor_role: string; actor_org: string | null }[];
  if (closed.length > 0) {
    await auditStore().append(closed.map((r) => ({
      at: now, eventType: "emergency-ended" as const, actorSub: r.actor_sub, actorRole: r.actor_role, actorOrg: r.actor_org,
      patientId: r.patient_id, emergencyAccessId: r.id, detail: { reason: "expired" },
    })));
  }
  return closed.length;
}

/** Run `closeExpiredGrants` every `everyMs`; returns a stop function. */
export function startExpiryJob(ds: DataSource, everyMs = 30_000): () => void {
  const log = logger("consent");
  const timer = setInterval(() => {
    closeExpiredGrants(ds).catch((err) => log.error({ err }, "closing expired emergency grants failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
