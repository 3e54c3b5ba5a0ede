import { attributeContext, rowsOf } from "../attributes/context.js";

/**
 * A job lease in the owner's schema (`consent.job_leases`): of all replicas running a periodic job, the one holding
 * the lease does the work; a holder that dies loses it when it expires. A row, not a session advisory lock, because
 * a pooled connection (and the embedded database's single one) cannot hold a session for a job.
 */
export async function acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
  const db = attributeContext().db;
  const until = new Date(Date.now() + ttlMs).toISOString();
  const rows = rowsOf<{ holder: string }>(await db.query(
    `INSERT INTO consent.job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE consent.job_leases.holder = EXCLUDED.holder OR consent.job_leases.expires_at < now()
     RETURNING holder`, [name, holder, until]));
  return rows.length > 0;
}

/** Give the lease up (a stopping replica), so another takes over at once. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await attributeContext().db.query(`DELETE FROM consent.job_leases WHERE name = $1 AND holder = $2`, [name, holder]);
}
