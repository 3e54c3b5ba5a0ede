import { hostname } from "node:os";
import type { DataSource } from "typeorm";
import { logger } from "../logger.js";
import { rowsOf } from "../db/rows.js";

/**
 * Periodic work that runs once per period across every replica of a service (emergency-grant expiry, retention,
 * notification delivery): each replica ticks, and the first one to claim the job's row in the owner's
 * `<schema>.job_runs` runs it while the others skip. A claim is a lease in the database's clock (no clock skew
 * between replicas), renewed while the run lasts; a replica that dies mid-run loses the lease after `leaseMs` and
 * another takes over. Times are `clock_timestamp()` (taken when the row lock is held, not at statement start). Every run is logged in `<schema>.job_run_log` (holder, start, end, outcome).
 */
export interface ScheduledJob {
  /** Stable name, unique in the schema. */
  name: string;
  /** At most one run starts per period (counted from the previous start). */
  everyMs: number;
  /** Lease length; renewed every third of it while running. Default: max(30 s, everyMs). */
  leaseMs?: number;
  /** The work; a returned string is kept in the run log. */
  run(): Promise<string | void>;
}

/** Who holds a lease: `JOB_HOLDER` when set (tests), else host and pid. */
export const JOB_HOLDER = process.env.JOB_HOLDER || `${hostname()}:${process.pid}`;

/** The tables a service's migration creates for its scheduled jobs (the SQL lives here, next to its only user). */
export function jobRunsTables(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE ${schema}.job_runs (job text PRIMARY KEY, holder text, lease_until timestamptz, last_started_at timestamptz, last_finished_at timestamptz, runs integer NOT NULL DEFAULT 0)`,
      `CREATE TABLE ${schema}.job_run_log (id bigserial PRIMARY KEY, job text NOT NULL, holder text NOT NULL, run integer NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL, ok boolean NOT NULL, detail text)`,
      `CREATE INDEX job_run_log_job ON ${schema}.job_run_log (job, started_at)`,
    ],
    down: [`DROP TABLE ${schema}.job_run_log`, `DROP TABLE ${schema}.job_runs`],
  };
}

export interface Claim {
  run: number;
  startedAt: Date;
}

/**
 * Claim the job if its period has passed and nobody holds a live lease: one statement, so two replicas claiming at
 * once serialise on the row and only one gets it.
 */
export async function claimRun(ds: DataSource, schema: string, job: ScheduledJob, holder = JOB_HOLDER): Promise<Claim | null> {
  const leaseMs = job.leaseMs ?? Math.max(30_000, job.everyMs);
  const rows: { runs: number; last_started_at: Date }[] = await ds.query(
    `INSERT INTO ${schema}.job_runs AS j (job, holder, lease_until, last_started_at, runs)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond', clock_timestamp(), 1)
     ON CONFLICT (job) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, last_started_at = clock_timestamp(), runs = j.runs + 1
       WHERE (j.lease_until IS NULL OR j.lease_until < clock_timestamp())
         AND (j.last_started_at IS NULL OR j.last_started_at <= clock_timestamp() - $4 * interval '1 millisecond')
     RETURNING j.runs, j.last_started_at`,
    [job.name, holder, leaseMs, job.everyMs],
  );
  return rows.length ? { run: rows[0].runs, startedAt: new Date(rows[0].last_started_at) } : null;
}

/** Claim and, if claimed, run once: renews the lease while running, releases it and logs the run. */
export async function runIfDue(ds: DataSource, schema: string, job: ScheduledJob, holder = JOB_HOLDER): Promise<boolean> {
  const claim = await claimRun(ds, schema, job, holder);
  if (!claim) return false;
  const leaseMs = job.leaseMs ?? Math.max(30_000, job.everyMs);
  const renew = setInterval(() => {
    ds.query(`UPDATE ${schema}.job_runs SET lease_until = clock_timestamp() + $3 * interval '1 millisecond' WHERE job = $1 AND holder = $2 AND runs = $4`,
      [job.name, holder, leaseMs, claim.run]).catch(() => undefined);
  }, Math.max(10, leaseMs / 3));
  renew.unref();
  let ok = true;
  let detail: string | null = null;
  try {
    detail = (await job.run()) ?? null;
  } catch (err) {
    ok = false;
    detail = err instanceof Error ? err.message : String(err);
    logger("jobs").error({ err, job: job.name }, "scheduled job failed");
  } finally {
    clearInterval(renew);
  }
  // The run ends when its lease is released: that instant is its end in the log (the next claim comes after it).
  const released = rowsOf<{ last_finished_at: Date }>(await ds.query(
    `UPDATE ${schema}.job_runs SET lease_until = NULL, holder = NULL, last_finished_at = clock_timestamp() WHERE job = $1 AND holder = $2 AND runs = $3 RETURNING last_finished_at`,
    [job.name, holder, claim.run]));
  await ds.query(`INSERT INTO ${schema}.job_run_log (job, holder, run, started_at, finished_at, ok, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [job.name, holder, claim.run, claim.startedAt, released[0]?.last_finished_at ?? new Date(), ok, detail]);
  await ds.query(`DELETE FROM ${schema}.job_run_log WHERE job = $1 AND started_at < clock_timestamp() - interval '7 days'`, [job.name]);
  return true;
}

/**
 * Tick every few moments (a quarter of the period, at most a minute, with jitter so replicas do not collide) and
 * run the job when due. Returns a stop function that waits for a run in progress.
 */
export function scheduleJob(ds: DataSource, schema: string, job: ScheduledJob, holder = JOB_HOLDER): () => Promise<void> {
  const log = logger("jobs");
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const base = Math.max(20, Math.min(job.everyMs / 4, 60_000));
  const tick = () => {
    if (stopped) return;
    if (!running && ds.isInitialized) {
      running = runIfDue(ds, schema, job, holder)
        .catch((err) => log.warn({ err, job: job.name }, "could not claim the scheduled job (database unavailable?)"))
        .finally(() => { running = null; });
    }
    timer = setTimeout(tick, base * (0.75 + Math.random() / 2));
    timer.unref();
  };
  timer = setTimeout(tick, base * Math.random());
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
