import type { DataSource } from "typeorm";
import { logger } from "@hub/common";
import { auditStore } from "@hub/policies";
import { Interrupted, runJob, type EngineOptions } from "./engine.js";
import { MAX_ATTEMPTS, claimJob, failJob } from "./job-store.js";
import { sqlOf, type Sql } from "./sql.js";

export interface WorkerOptions {
  pollMs: number;
  batchSize: number;
  leaseSeconds: number;
}

export const workerOptionsFromEnv = (): WorkerOptions => ({
  pollMs: Number(process.env.EXTRACTION_POLL_MS ?? 2000),
  batchSize: Number(process.env.EXTRACTION_BATCH_SIZE ?? 1000),
  leaseSeconds: Number(process.env.EXTRACTION_LEASE_SECONDS ?? 60),
});

/** Audit from the background: the actor is the extraction service, the job's starter is in the detail. */
export function backgroundAudit(sql: Sql): NonNullable<EngineOptions["audit"]> {
  return async (jobId, eventType, detail) => {
    const [job] = await sql.query(`SELECT request_id, project_id, created_by FROM research.extraction_jobs WHERE id = $1`, [jobId]);
    await auditStore().append([{
      at: new Date(), eventType, actorSub: "research-extraction", actorRole: "system", purpose: "HRESCH",
      detail: { jobId, requestId: job?.request_id, projectId: job?.project_id, startedBy: job?.created_by, ...detail },
    }]);
  };
}

let kick: (() => void) | null = null;

/** Ask this process's worker to look for work now (after runExtraction), instead of at its next poll. */
export function kickExtractionWorker(): void {
  kick?.();
}

/**
 * The extraction worker: claims one job at a time (queued, or running with a lapsed lease after a crash) and runs
 * it to the end, off the request path. Several processes may run it: a claim is one UPDATE … FOR UPDATE SKIP
 * LOCKED, and the attempt number fences out a worker whose lease ran out. On stop, the current job is left after
 * its last committed batch and resumes on the next start.
 */
export function startExtractionWorker(ds: DataSource, opts: WorkerOptions = workerOptionsFromEnv()): () => void {
  const log = logger("research");
  const sql = sqlOf(ds);
  let stopped = false;
  let busy = false;
  const audit = backgroundAudit(sql);
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (;;) {
        if (stopped) return;
        const claim = await claimJob(sql, opts.leaseSeconds);
        if (!claim) return;
        if (claim.attempt > MAX_ATTEMPTS) {
          if (await failJob(sql, claim, `gave up after ${MAX_ATTEMPTS} attempts`)) await audit(claim.jobId, "extraction-finished", { status: "FAILED" });
          continue;
        }
        const outcome = await runJob(sql, claim, {
          batchSize: opts.batchSize, leaseSeconds: opts.leaseSeconds, audit, isStopping: () => stopped,
          afterBatch: () => { if (stopped) throw new Interrupted("worker stopping"); },
        });
        log.info({ jobId: claim.jobId, attempt: claim.attempt, outcome }, "extraction job ended");
      }
    } catch (err) {
      if (!(err instanceof Interrupted) && !stopped) log.error({ err }, "extraction worker failed");
    } finally {
      busy = false;
    }
  };
  const run = () => { void tick(); };
  kick = () => setImmediate(run);
  const timer = setInterval(run, opts.pollMs);
  timer.unref();
  setImmediate(run);
  return () => {
    stopped = true;
    kick = null;
    clearInterval(timer);
  };
}
