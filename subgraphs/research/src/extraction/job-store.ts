import { forgetJobKey } from "../pseudonym/keys.js";
import type { Row, Sql } from "./sql.js";

export const JOB_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type Phase = "cohort" | "anonymise" | "patients" | "records" | "publish";

/** A worker's hold on a job: the attempt number is its fencing token (a newer claim makes older workers stop). */
export interface Claim {
  jobId: string;
  attempt: number;
}

/** Thrown when the job is no longer ours (cancelled, or claimed again after our lease ran out): the batch rolls back. */
export class JobLost extends Error {
  constructor(jobId: string) {
    super(`extraction job ${jobId} is no longer held by this worker`);
  }
}

export const MAX_ATTEMPTS = 3;

/**
 * Claim the oldest queued job, or a running one whose lease ran out (its worker died): resume-safe because every
 * batch is committed together with the job's cursor, so the new attempt continues where the last commit left off.
 */
export async function claimJob(sql: Sql, leaseSeconds: number, jobId?: string): Promise<Claim | null> {
  const [row] = await sql.query(
    `UPDATE research.extraction_jobs SET status = 'RUNNING', attempts = attempts + 1,
        lease_until = now() + make_interval(secs => $1), started_at = coalesce(started_at, now()),
        transaction_time = coalesce(transaction_time, now())
      WHERE id = (SELECT id FROM research.extraction_jobs
                   WHERE (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now())) AND ($2::text IS NULL OR id = $2)
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, attempts`,
    [leaseSeconds, jobId ?? null],
  );
  return row ? { jobId: row.id as string, attempt: Number(row.attempts) } : null;
}

/**
 * Move the job forward (cursor, phase, progress, counts) and renew the lease, only while this claim still holds it.
 * Run inside the batch's transaction: if the job was cancelled or re-claimed meanwhile, the whole batch rolls back.
 */
export async function advance(sql: Sql, claim: Claim, leaseSeconds: number, set: {
  phase?: Phase; cursor?: string | null; progress?: number; counts?: Record<string, unknown>; anonymity?: unknown;
}): Promise<void> {
  const rows = await sql.query(
    `UPDATE research.extraction_jobs SET lease_until = now() + make_interval(secs => $3),
        phase = coalesce($4, phase), cursor = CASE WHEN $5::boolean THEN $6::text ELSE cursor END,
        progress = coalesce($7, progress), counts = counts || coalesce($8::jsonb, '{}'::jsonb), anonymity = coalesce($9::jsonb, anonymity)
      WHERE id = $1 AND attempts = $2 AND status = 'RUNNING' RETURNING id`,
    [claim.jobId, claim.attempt, leaseSeconds, set.phase ?? null, set.cursor !== undefined, set.cursor ?? null,
      set.progress ?? null, set.counts ? JSON.stringify(set.counts) : null, set.anonymity ? JSON.stringify(set.anonymity) : null],
  );
  if (rows.length === 0) throw new JobLost(claim.jobId);
}

/** Delete the job's staging rows, unpublished outputs and its own key, if it had one (cancel, failure). */
export async function discardOutputs(sql: Sql, jobId: string): Promise<void> {
  await sql.query(`DELETE FROM research.extraction_outputs WHERE job_id = $1`, [jobId]);
  await sql.query(`DELETE FROM research.extraction_cohort WHERE job_id = $1`, [jobId]);
  await forgetJobKey(sql, jobId);
}

/** End the job as FAILED (fenced), discarding what it wrote. */
export async function failJob(sql: Sql, claim: Claim, message: string): Promise<boolean> {
  return sql.tx(async (q) => {
    const rows = await q.query(
      `UPDATE research.extraction_jobs SET status = 'FAILED', finished_at = now(), lease_until = NULL, cursor = NULL,
          errors = errors || jsonb_build_array(jsonb_build_object('message', $3::text, 'attempt', $2::int))
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING' RETURNING id`,
      [claim.jobId, claim.attempt, message],
    );
    if (rows.length > 0) await discardOutputs(q, claim.jobId);
    return rows.length > 0;
  });
}

export async function loadJob(sql: Sql, jobId: string): Promise<Row | undefined> {
  const [row] = await sql.query(
    `SELECT j.*, r.categories, r.filters, r.fields, r.k, r.purpose, r.requester_sub, r.processing, r.legal_basis, r.requester_kind, p.name AS project_name
       FROM research.extraction_jobs j JOIN research.dataset_requests r ON r.id = j.request_id
       JOIN research.projects p ON p.id = j.project_id WHERE j.id = $1`,
    [jobId],
  );
  return row;
}

/** Output lines, idempotent per (job, resource type, source key): a replayed batch adds nothing. */
export async function insertOutputs(sql: Sql, jobId: string, rows: { type: string; key: string; pseudonym: string; line: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO research.extraction_outputs (job_id, resource_type, source_key, pseudonym, line)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (job_id, resource_type, source_key) DO NOTHING`,
    [jobId, rows.map((r) => r.type), rows.map((r) => r.key), rows.map((r) => r.pseudonym), rows.map((r) => r.line)],
  );
}
