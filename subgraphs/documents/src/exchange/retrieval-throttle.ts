import { config, dataSource } from "@hub/common";
import { audit } from "@hub/policies";

/**
 * Failed retrievals by exchange number, per institution (SECURITY.md, guessing): a fixed window of
 * RETRIEVAL_WINDOW_MINUTES; the RETRIEVAL_FAILURE_LIMIT-th failure in it locks the institution out of retrieval
 * for RETRIEVAL_LOCKOUT_MINUTES. Unknown, hidden and refused numbers count alike, so the counter tells nothing
 * either. Policy admins see the counters (`retrievalLockouts`).
 */
export interface ThrottleRow {
  organizationId: string;
  failures: number;
  windowStartedAt: Date;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

const COLUMNS = `organization_id AS "organizationId", failures, window_started_at AS "windowStartedAt", last_failure_at AS "lastFailureAt", locked_until AS "lockedUntil"`;

/** Until when the institution is locked out, or null. */
export async function lockedUntil(org: string): Promise<Date | null> {
  const [row] = (await dataSource("documents").query(`SELECT locked_until FROM documents.retrieval_throttle WHERE organization_id = $1 AND locked_until > now()`, [org])) as { locked_until: Date }[];
  return row ? new Date(row.locked_until) : null;
}

/** Count one failed retrieval; the failure that reaches the limit starts the lock-out (audited). */
export async function recordFailure(org: string): Promise<void> {
  const { retrievalFailureLimit: limit, retrievalWindowMinutes: windowMin, retrievalLockoutMinutes: lockMin } = config();
  const [row] = (await dataSource("documents").query(`
    INSERT INTO documents.retrieval_throttle AS t (organization_id, window_started_at, failures, last_failure_at) VALUES ($1, now(), 1, now())
    ON CONFLICT (organization_id) DO UPDATE SET
      failures = CASE WHEN t.window_started_at < now() - make_interval(mins => $2::int) THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at < now() - make_interval(mins => $2::int) THEN now() ELSE t.window_started_at END,
      last_failure_at = now()
    RETURNING failures`, [org, windowMin])) as { failures: number }[];
  if (row.failures !== limit) return;
  await dataSource("documents").query(`UPDATE documents.retrieval_throttle SET locked_until = now() + make_interval(mins => $2::int) WHERE organization_id = $1`, [org, lockMin]);
  await audit().event({ eventType: "document-retrieval-locked", patientId: null, decision: "DENY", rule: "retrieval-lockout",
    detail: { organizationId: org, failures: row.failures, lockoutMinutes: lockMin } });
}

/** Institutions with failures in the current window or a running lock-out, most recent first. */
export async function throttleRows(): Promise<ThrottleRow[]> {
  return (await dataSource("documents").query(`SELECT ${COLUMNS} FROM documents.retrieval_throttle
    WHERE locked_until > now() OR window_started_at >= now() - make_interval(mins => $1::int) ORDER BY last_failure_at DESC LIMIT 500`, [config().retrievalWindowMinutes])) as ThrottleRow[];
}
