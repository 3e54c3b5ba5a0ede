import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { Interrupted, runJob, type EngineOptions } from "../subgraphs/research/src/extraction/engine.js";
import { claimJob } from "../subgraphs/research/src/extraction/job-store.js";
import { sqlOfClient, type Sql } from "../subgraphs/research/src/extraction/sql.js";
import { Pseudonymizer } from "../subgraphs/research/src/pseudonym/pseudonym.js";
import { as, codes, db, gql } from "./support/client.js";
import { DIABETES, download, extract, smallestClass, submitApproved, waitForJob } from "./support/research.js";
import { OUTLIER, insertResearchPopulation } from "./support/research-data.js";

/**
 * Extraction jobs driven in this process against the hub's database, as a second worker would: crashes, lease
 * take-over, stale workers and cancellation at chosen points. Jobs are inserted as RUNNING with a long lease, so the
 * hub's own worker leaves them alone.
 */
let c: Client;
let sql: Sql;
let request: { id: string; projectId: string };
beforeAll(async () => {
  c = await db();
  sql = sqlOfClient(c);
  await insertResearchPopulation(c);
  request = await submitApproved({ ...DIABETES, projectName: "再開テスト" });
});
afterAll(async () => { await c.end(); });

async function heldJob(requestId = request.id, projectId = request.projectId): Promise<string> {
  const id = randomUUID();
  await c.query(`INSERT INTO research.extraction_jobs (id, request_id, project_id, status, created_by, attempts, lease_until, started_at, transaction_time)
    VALUES ($1, $2, $3, 'RUNNING', 'R-001', 1, now() + interval '1 hour', now(), now())`, [id, requestId, projectId]);
  return id;
}
const outputs = async (jobId: string) => (await c.query(`SELECT resource_type, source_key, line FROM research.extraction_outputs WHERE job_id = $1`, [jobId])).rows;
const linesByType = async (jobId: string) => (await outputs(jobId)).map((r) => `${r.resource_type} ${r.line}`).sort();
const crashAt = (phase: string, batch: number): EngineOptions["afterBatch"] => (p, n) => { if (p === phase && n === batch) throw new Interrupted("simulated crash"); };

describe("extraction jobs", () => {
  it("resume after a crash: no duplicates, no early release, a stale worker is fenced out, same result as a clean run", async () => {
    const jobId = await heldJob();
    await expect(runJob(sql, { jobId, attempt: 1 }, { batchSize: 7, afterBatch: crashAt("records", 2) })).rejects.toThrow(Interrupted);
    const [mid] = (await c.query(`SELECT status, phase, manifest FROM research.extraction_jobs WHERE id = $1`, [jobId])).rows;
    expect(mid).toMatchObject({ status: "RUNNING", phase: "records", manifest: null });
    const partial = (await outputs(jobId)).length;
    expect(partial).toBeGreaterThan(0);
    // nothing is downloadable before the job is published
    const early = await gql<any>(`{ extractionJob(id: "${jobId}") { status output { type } manifest } }`, { token: await as.researcher() });
    expect(early.data.extractionJob).toMatchObject({ status: "RUNNING", output: [], manifest: null });
    expect(codes(await gql(`{ extractionFile(jobId: "${jobId}", type: "Patient") { lines } }`, { token: await as.researcher() }))).toEqual(["CONFLICT"]);
    // the lease runs out; another worker claims the job (attempt 2); the crashed one wakes up and is fenced out.
    // Expiry and claim are one transaction: the row stays locked, so the hub's own worker (SKIP LOCKED) never sees the
    // lapsed lease and cannot take the job first — the claim this test asserts on is the one it made.
    const claim = await sql.tx(async (q) => {
      await q.query(`UPDATE research.extraction_jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, [jobId]);
      return claimJob(q, 3600, jobId);
    });
    expect(claim).toEqual({ jobId, attempt: 2 });
    expect(await runJob(sql, { jobId, attempt: 1 }, { batchSize: 7 })).toBe("LOST");
    expect((await outputs(jobId)).length).toBe(partial);
    expect(await runJob(sql, claim!, { batchSize: 7 })).toBe("SUCCEEDED");
    const rows = await outputs(jobId);
    expect(new Set(rows.map((r) => `${r.resource_type}/${r.source_key}`)).size).toBe(rows.length);
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 100 });
    expect(job.counts.processedRecords).toBeGreaterThan(7); // many small batches: streamed, never all at once
    // a clean run of the same request (through the hub's own worker) releases exactly the same lines
    const clean = await extract(request.id);
    expect(await linesByType(clean.id)).toEqual(await linesByType(jobId));
    expect(clean.output).toEqual(job.output.map((o: any) => ({ ...o, url: o.url.replace(jobId, clean.id) })));
  });

  it("cancel while running: the worker stops at its next batch, nothing is kept or released, and it is audited", async () => {
    const jobId = await heldJob();
    let cancelled: any;
    const outcome = await runJob(sql, { jobId, attempt: 1 }, {
      batchSize: 7,
      afterBatch: async (phase, n) => {
        if (phase === "patients" && n === 0) cancelled = await gql<any>(`mutation { cancelExtraction(jobId: "${jobId}") { status } }`, { token: await as.researcher() });
      },
    });
    expect(cancelled.data.cancelExtraction.status).toBe("CANCELLED");
    expect(outcome).toBe("LOST");
    expect((await outputs(jobId)).length).toBe(0);
    expect((await c.query(`SELECT count(*)::int AS n FROM research.extraction_cohort WHERE job_id = $1`, [jobId])).rows[0].n).toBe(0);
    expect(codes(await gql(`{ extractionFile(jobId: "${jobId}", type: "Patient") { lines } }`, { token: await as.researcher() }))).toEqual(["CONFLICT"]);
    expect(codes(await gql(`mutation { cancelExtraction(jobId: "${jobId}") { status } }`, { token: await as.researcher() }))).toEqual(["CONFLICT"]);
    const audited = await c.query(`SELECT 1 FROM consent.audit_events WHERE event_type = 'extraction-cancelled' AND detail->>'jobId' = $1`, [jobId]);
    expect(audited.rowCount).toBe(1);
  });

  it("cancel through the API while the hub's worker runs it: ends CANCELLED (or had already finished), never half-released", async () => {
    const own = await submitApproved({ ...DIABETES, projectName: "取消テスト" });
    const run = await gql<any>(`mutation { runExtraction(requestId: "${own.id}") { id } }`, { token: await as.researcher() });
    const id = run.data.runExtraction.id;
    const cancel = await gql<any>(`mutation { cancelExtraction(jobId: "${id}") { status } }`, { token: await as.researcher() });
    const job = await waitForJob(id);
    if (cancel.errors) {
      expect(codes(cancel)).toEqual(["CONFLICT"]);
      expect(job.status).toBe("SUCCEEDED");
    } else {
      expect(job.status).toBe("CANCELLED");
      expect(job.output).toEqual([]);
      expect((await outputs(id)).length).toBe(0);
    }
  });

  it("a patient who opts out while a job runs is dropped before release, and k is checked again", async () => {
    const jobId = await heldJob();
    const key = (await c.query(`SELECT hmac_key FROM research_keys.project_keys WHERE project_id = $1`, [request.projectId])).rows[0].hmac_key;
    const late = "SU-0005";
    const outcome = await runJob(sql, { jobId, attempt: 1 }, {
      batchSize: 7,
      afterBatch: async (phase, n) => {
        if (phase === "records" && n === 0) await gql(`mutation { optOutOfSecondaryUse { optedOut } }`, { token: await as.patient(late) });
      },
    });
    expect(outcome).toBe("SUCCEEDED");
    const job = await waitForJob(jobId);
    expect(job.manifest.extension.kAnonymity.lateOptOuts).toBe(1);
    const gone = new Pseudonymizer(key).patient(late);
    const all = await outputs(jobId);
    expect(all.some((r) => r.line.includes(gone))).toBe(false);
    expect(smallestClass((await download(jobId, "Patient")))).toBeGreaterThanOrEqual(5);
    await gql(`mutation { optInToSecondaryUse { optedOut } }`, { token: await as.patient(late) });
  });

  it("k-anonymity on a wider cohort: an unique patient is suppressed; a steward can raise k", async () => {
    const wide = { ...DIABETES, projectName: "全国", filters: { conditionCodes: ["E11"], period: DIABETES.filters.period } };
    for (const k of [5, 10]) {
      const req = await submitApproved(wide, k);
      const job = await extract(req.id);
      expect(job.anonymity.k).toBe(k);
      expect(job.anonymity.suppressedPatients).toBeGreaterThanOrEqual(1);
      expect(job.anonymity.releasedPatients + job.anonymity.suppressedPatients).toBe(job.anonymity.cohortPatients);
      const patients = await download(job.id, "Patient");
      expect(patients).toHaveLength(job.anonymity.releasedPatients);
      expect(smallestClass(patients)).toBeGreaterThanOrEqual(k);
      const key = (await c.query(`SELECT hmac_key FROM research_keys.project_keys WHERE project_id = $1`, [req.projectId])).rows[0].hmac_key;
      expect(patients.map((p) => p.id)).not.toContain(new Pseudonymizer(key).patient(OUTLIER));
    }
  });
});
