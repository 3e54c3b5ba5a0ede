import { classKey, levelOf, planKAnonymity, type AnonymityPlan, type Cell } from "../anonymity/k-anonymity.js";
import { forgetJobKey } from "../pseudonym/keys.js";
import { deidentifiedPatient } from "./fhir-output.js";
import type { JobContext } from "./engine.js";
import { JobLost, advance, insertOutputs } from "./job-store.js";
import type { Sql } from "./sql.js";

/** Writes an audit event about a job from the background worker (actor: whoever started the job). */
export type JobAudit = (jobId: string, type: "extraction-finished", detail: Record<string, unknown>) => Promise<void>;

/** Share of the cohort that may be suppressed before the next generalisation level is preferred. */
export const MAX_SUPPRESSION = 0.05;

async function cellsOf(sql: Sql, jobId: string): Promise<Cell[]> {
  const rows = await sql.query(`SELECT age, sex, prefecture, count(*)::int AS n FROM research.extraction_cohort
    WHERE job_id = $1 AND NOT suppressed GROUP BY age, sex, prefecture`, [jobId]);
  return rows.map((r) => ({ age: Number(r.age), sex: String(r.sex), prefecture: r.prefecture ?? null, n: Number(r.n) }));
}

/** Mark the cohort members of the given cells as suppressed. */
async function suppressCells(sql: Sql, jobId: string, cells: Cell[]): Promise<void> {
  if (cells.length === 0) return;
  await sql.query(`UPDATE research.extraction_cohort SET suppressed = true WHERE job_id = $1
      AND (age, sex, coalesce(prefecture, '-')) IN (SELECT * FROM unnest($2::int[], $3::text[], $4::text[]))`,
  [jobId, cells.map((c) => c.age), cells.map((c) => c.sex), cells.map((c) => c.prefecture ?? "-")]);
}

/** Phase 2: k-anonymity plan on the staged cohort's histogram (bounded size), then suppression of small classes. */
export async function anonymise(c: JobContext): Promise<void> {
  const cells = await cellsOf(c.sql, c.claim.jobId);
  const plan = planKAnonymity(cells, c.k, MAX_SUPPRESSION);
  const level = levelOf(plan.level);
  const small = new Set(plan.suppressedClasses);
  await c.sql.tx(async (q) => {
    await suppressCells(q, c.claim.jobId, cells.filter((cell) => small.has(classKey(cell, level))));
    await advance(q, c.claim, c.lease, { phase: "patients", cursor: null, progress: 30, anonymity: plan });
  });
  await c.afterBatch("anonymise", 0);
}

/** Phase 3: one generalised Patient per released person, keyset by pseudonym. */
export async function writePatients(c: JobContext): Promise<void> {
  const plan = c.job.anonymity as AnonymityPlan;
  if (c.types && !c.types.includes("Patient")) {
    await c.sql.tx((q) => advance(q, c.claim, c.lease, { phase: "records", cursor: null, progress: 40 }));
    return;
  }
  let cursor: string = c.job.cursor ?? "";
  for (let n = 0; ; n++) {
    const rows = await c.sql.query(`SELECT pseudonym, age, sex, prefecture FROM research.extraction_cohort
      WHERE job_id = $1 AND NOT suppressed AND pseudonym > $2 ORDER BY pseudonym LIMIT ${c.batch}`, [c.claim.jobId, cursor]);
    const last = rows.length === c.batch ? String(rows[rows.length - 1].pseudonym) : null;
    await c.sql.tx(async (q) => {
      await insertOutputs(q, c.claim.jobId, rows.map((r) => ({
        type: "Patient", key: r.pseudonym, pseudonym: r.pseudonym,
        line: JSON.stringify(deidentifiedPatient(r.pseudonym, { age: Number(r.age), sex: r.sex, prefecture: r.prefecture }, plan.ageBandYears, !plan.prefectureDropped, c.processing)),
      })));
      await advance(q, c.claim, c.lease, last ? { cursor: last } : { phase: "records", cursor: null, progress: 40 });
    });
    await c.afterBatch("patients", n);
    if (!last) return;
    cursor = last;
  }
}

/**
 * Phase 5, one transaction: people who opted out while the job ran are removed; k-anonymity is checked again on
 * exactly what is released (small classes left by those removals are suppressed too, and the check must then
 * pass); counts and the Bulk Data manifest are written and the job becomes SUCCEEDED; the staging cohort (the only
 * place real ids were paired with pseudonyms) is deleted. Before this commit nothing is downloadable.
 */
export async function publish(c: JobContext, audit?: JobAudit): Promise<void> {
  const jobId = c.claim.jobId;
  const plan = c.job.anonymity as AnonymityPlan;
  const level = levelOf(plan.level);
  const manifest = await c.sql.tx(async (q) => {
    const late = await q.query(`UPDATE research.extraction_cohort x SET suppressed = true WHERE job_id = $1 AND NOT suppressed
      AND EXISTS (SELECT 1 FROM research.opt_outs o WHERE o.patient_id = x.patient_id) RETURNING pseudonym`, [jobId]);
    let cells = await cellsOf(q, jobId);
    const groups = new Map<string, number>();
    for (const cell of cells) groups.set(classKey(cell, level), (groups.get(classKey(cell, level)) ?? 0) + cell.n);
    const small = cells.filter((cell) => groups.get(classKey(cell, level))! < plan.k);
    await suppressCells(q, jobId, small);
    await q.query(`DELETE FROM research.extraction_outputs o USING research.extraction_cohort x
      WHERE o.job_id = $1 AND x.job_id = $1 AND x.suppressed AND o.pseudonym = x.pseudonym`, [jobId]);
    cells = await cellsOf(q, jobId);
    const verify = new Map<string, number>();
    for (const cell of cells) verify.set(classKey(cell, level), (verify.get(classKey(cell, level)) ?? 0) + cell.n);
    if ([...verify.values()].some((n) => n < plan.k)) throw new Error("k-anonymity check failed before release");
    const counts = await q.query(`SELECT resource_type AS type, count(*)::int AS n FROM research.extraction_outputs WHERE job_id = $1
      GROUP BY resource_type ORDER BY resource_type`, [jobId]);
    const released = cells.reduce((s, cell) => s + cell.n, 0);
    const m = {
      transactionTime: new Date(c.job.transaction_time).toISOString(),
      request: `research/dataset-requests/${c.job.request_id}/extractions/${jobId}`,
      requiresAccessToken: true,
      output: counts.map((r) => ({ type: r.type as string, url: `research/extractions/${jobId}/${r.type}.ndjson`, count: Number(r.n) })),
      error: [] as unknown[],
      extension: {
        project: c.job.project_id, processing: c.processing.toLowerCase(), legalBasis: c.job.legal_basis, requesterKind: c.job.requester_kind,
        ...(c.processing === "ANONYMISED"
          ? { pseudonymisation: "HMAC-SHA256, a random key of this extraction only (destroyed at release: not linkable to any other extraction)", dates: "month (YYYY-MM), not shifted" }
          : { pseudonymisation: "HMAC-SHA256, per-project key", dates: "day, shifted ±180 days per person" }),
        kAnonymity: { ...plan, suppressedClasses: undefined, lateOptOuts: late.length, postCheckSuppressedPatients: small.reduce((s, x) => s + x.n, 0), releasedPatients: released, verified: true },
      },
    };
    const done = await q.query(`UPDATE research.extraction_jobs SET status = 'SUCCEEDED', progress = 100, manifest = $3::jsonb,
        counts = counts || $4::jsonb, finished_at = now(), cursor = NULL, lease_until = NULL
      WHERE id = $1 AND attempts = $2 AND status = 'RUNNING' RETURNING id`,
    [jobId, c.claim.attempt, JSON.stringify(m), JSON.stringify({ patients: released, ...Object.fromEntries(counts.map((r) => [r.type, Number(r.n)])) })]);
    if (done.length === 0) throw new JobLost(jobId);
    await q.query(`DELETE FROM research.extraction_cohort WHERE job_id = $1`, [jobId]);
    await forgetJobKey(q, jobId);
    return m;
  });
  await audit?.(jobId, "extraction-finished", { status: "SUCCEEDED", output: manifest.output, kAnonymity: manifest.extension.kAnonymity });
}
