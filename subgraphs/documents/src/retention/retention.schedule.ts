import type { DataSource } from "typeorm";
import { config, logger } from "@hub/common";
import { AuditStore } from "@hub/policies";
import { runRetention, type RetentionReport } from "./retention.job.js";

const CHECK_EVERY_MS = 10 * 60_000;

/**
 * One scheduled look (SPEC §7 retention, inside the hub rather than only `npm run retention`): the run is due when
 * the last scheduled run started more than `intervalMinutes` ago, or, when there was none, when this process started
 * that long ago. The claim is one atomic upsert on `documents.schedules`, so across every documents process exactly
 * one starts the run (the job's own advisory lock then keeps it apart from a manual `npm run retention`). Returns the
 * report, or null when it was not due or another process claimed it.
 */
export async function retentionTick(ds: DataSource, intervalMinutes: number, startedAt: Date, now = new Date()): Promise<RetentionReport | null> {
  const threshold = new Date(now.getTime() - intervalMinutes * 60_000);
  const [row] = (await ds.query(`SELECT last_started_at FROM documents.schedules WHERE name = 'retention'`)) as { last_started_at: Date }[];
  if (!row && startedAt > threshold) return null;
  const claimed = (await ds.query(`INSERT INTO documents.schedules AS s (name, last_started_at) VALUES ('retention', $1)
    ON CONFLICT (name) DO UPDATE SET last_started_at = EXCLUDED.last_started_at WHERE s.last_started_at <= $2 RETURNING name`, [now, threshold])) as unknown[];
  if (claimed.length === 0) return null;
  return runRetention(ds, new AuditStore(ds), config().retention, { dryRun: false, now });
}

/** The documents service's background schedule (RETENTION_INTERVAL_MINUTES, default once a day; 0 = off). */
export function scheduleRetention(ds: DataSource): () => void {
  const every = config().retentionIntervalMinutes;
  if (every === 0) return () => undefined;
  const log = logger("documents");
  const startedAt = new Date();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    retentionTick(ds, every, startedAt)
      .then((r) => { if (r) log.info({ jobId: r.jobId, counts: r.counts }, "scheduled retention run finished"); })
      .catch((e: unknown) => log.warn({ err: e }, "scheduled retention run failed; the next check tries again"))
      .finally(() => { busy = false; });
  };
  const t = setInterval(tick, Math.min(CHECK_EVERY_MS, every * 60_000));
  t.unref();
  return () => clearInterval(t);
}
