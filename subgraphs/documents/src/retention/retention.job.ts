import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { RetentionConfig } from "@hub/common";
import type { AuditStore } from "@hub/policies";
import { purgeRecords, retentionRules, type RetentionRule } from "./retention.rules.js";

export interface RetentionReport {
  jobId: string;
  dryRun: boolean;
  counts: Record<string, number>;
}

const LOCK = 7_300_001; // pg advisory lock: one retention run at a time, across processes
const BATCH = 500;

/**
 * The retention job (`npm run retention`): a tracked job (documents.jobs: status, progress %, counts per rule) that
 * purges rows past their period, in batches, each batch in one transaction with its audit events (one
 * `retention-purged` event per patient and category, listing the record ids). A dry run counts and changes nothing.
 */
export async function runRetention(ds: DataSource, audit: AuditStore, c: RetentionConfig,
  opts: { dryRun: boolean; now?: Date; onProgress?: (percent: number, rule: string, count: number) => void }): Promise<RetentionReport> {
  const now = opts.now ?? new Date();
  const jobId = randomUUID();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [{ ok }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS ok`, [LOCK])) as { ok: boolean }[];
    if (!ok) throw new Error("another retention job is running");
    await ds.query(`INSERT INTO documents.jobs (id, kind, status, dry_run) VALUES ($1, 'retention', 'RUNNING', $2)`, [jobId, opts.dryRun]);
    const counts: Record<string, number> = {};
    const rules = retentionRules(c);
    try {
      for (const [i, rule] of rules.entries()) {
        counts[rule.name] = 0;
        for (;;) {
          const rows = (await ds.query(`${rule.select} ORDER BY id LIMIT ${BATCH} OFFSET ${opts.dryRun ? counts[rule.name] : 0}`, [now.toISOString()])) as { id: string; patient_id: string; category: string }[];
          if (rows.length === 0) break;
          counts[rule.name] += rows.length;
          if (!opts.dryRun) await purge(ds, audit, rule, rows, jobId);
          if (rows.length < BATCH) break;
        }
        const progress = Math.round(((i + 1) / rules.length) * 100);
        await ds.query(`UPDATE documents.jobs SET progress = $2, counts = $3 WHERE id = $1`, [jobId, progress, JSON.stringify(counts)]);
        opts.onProgress?.(progress, rule.name, counts[rule.name]);
      }
      await ds.query(`UPDATE documents.jobs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [jobId]);
      return { jobId, dryRun: opts.dryRun, counts };
    } catch (e) {
      await ds.query(`UPDATE documents.jobs SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [jobId, e instanceof Error ? e.message : String(e)]);
      throw e;
    }
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [LOCK]).catch(() => undefined);
    await runner.release();
  }
}

async function purge(ds: DataSource, audit: AuditStore, rule: RetentionRule, rows: { id: string; patient_id: string; category: string }[], jobId: string) {
  const groups = new Map<string, { patientId: string; category: string; ids: string[] }>();
  for (const r of rows) {
    const key = `${r.patient_id}\u0000${r.category}`;
    const g = groups.get(key) ?? { patientId: r.patient_id, category: r.category, ids: [] };
    g.ids.push(r.id);
    groups.set(key, g);
  }
  // Audit first: no row is ever deleted unaudited. If the delete then fails, the job fails and the next run purges
  // (and audits) those rows again.
  await audit.append([...groups.values()].map((g) => ({
    at: new Date(), eventType: "retention-purged" as const, requestId: jobId, actorSub: "retention-job", actorRole: "system", actorOrg: null,
    purpose: "HOPERAT", patientId: g.patientId, category: g.category, recordIds: g.ids.sort(), decision: null, detail: { rule: rule.name, jobId },
  })));
  const ids = rows.map((r) => r.id);
  await ds.transaction(async (m) => {
    if (rule.owner === "clinical") return purgeRecords(ids, m);
    await m.query(`DELETE FROM documents.documents WHERE id = ANY($1)`, [ids]);
    await m.query(`DELETE FROM documents.attachments a WHERE NOT EXISTS (SELECT 1 FROM documents.document_attachments da WHERE da.sha256 = a.sha256)`);
  });
}

/** The latest retention jobs, newest first (`npm run retention -- status`). */
export async function retentionJobs(ds: DataSource, limit = 10): Promise<unknown[]> {
  return (await ds.query(`SELECT id, status, dry_run, progress, counts, error, started_at, finished_at FROM documents.jobs WHERE kind = 'retention'
    ORDER BY started_at DESC LIMIT $1`, [limit])) as unknown[];
}
