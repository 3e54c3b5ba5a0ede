import "reflect-metadata";
import { Socket } from "node:net";
import pg from "pg";
import { config } from "@hub/common";
import { claimJob, runJob, sqlOfClient } from "@hub/research";
import { prepareDatabase } from "./database.js";
import { cli, wholeNumber } from "./cli.js";

/**
 * `node tools/dist/research-bench.js [--patients 10000] [--batch 1000] [--max-heap-mb 64] [--pglite]`: generates patients × 10
 * records (100,000 by default) in a scratch database (PostgreSQL on 127.0.0.1:5432 when it answers, else embedded
 * PGlite), runs one extraction over all of them and reports time and memory. The extraction streams in keyset
 * batches, so the JS heap must stay flat whatever the size: exit 1 when its peak growth exceeds --max-heap-mb (peak
 * includes garbage not yet collected; with --expose-gc it also reports the live heap after a full GC every 10 batches).
 * (With PGlite the database lives in this process's memory, so RSS includes the stored output; the heap does not.)
 */
const opts = (() => {
  try {
    return cli("npm run bench:research --", "Extract 10 records per generated patient and fail when the heap grows (flat-memory check)")
      .option("--patients <n>", "patients to generate (10 records each)", wholeNumber, 10_000)
      .option("--batch <n>", "keyset batch size", wholeNumber, 1000)
      .option("--max-heap-mb <n>", "exit 1 when the heap's peak growth exceeds this", wholeNumber, 64)
      .option("--pglite", "use embedded PGlite even when PostgreSQL answers", false)
      .parse(process.argv).opts<{ patients: number; batch: number; maxHeapMb: number; pglite: boolean }>();
  } catch (e) {
    process.exit((e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
  }
})();
const PATIENTS = opts.patients;
const BATCH = opts.batch;
const MAX_HEAP_MB = opts.maxHeapMb;
const MB = (n: number) => Math.round((n / 1048576) * 10) / 10;

async function postgresUp(): Promise<boolean> {
  return new Promise((r) => {
    const s = new Socket();
    s.setTimeout(1000);
    s.once("connect", () => { s.destroy(); r(true); });
    s.once("error", () => r(false));
    s.once("timeout", () => { s.destroy(); r(false); });
    s.connect(5432, "127.0.0.1");
  });
}

async function generate(c: pg.Client): Promise<void> {
  await c.query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id, prefecture)
    SELECT 'B-' || lpad(i::text, 7, '0'), '試験 太郎' || i, 'シケン タロウ', date '1950-01-01' + (i * 37 % 14000),
           CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END, 'B:' || i, CASE WHEN i % 4 = 0 THEN '27' ELSE '13' END
      FROM generate_series(1, $1::int) i`, [PATIENTS]);
  await c.query(`INSERT INTO clinical.records (id, patient_id, category, source_org_id, identifier, recorded_at, code, code_system, display,
      status, effective_at, value_text, value_num, unit, fhir)
    SELECT 'B-' || i || '-' || j, 'B-' || lpad(i::text, 7, '0'),
           CASE WHEN j = 1 THEN 'condition' WHEN j <= 7 THEN 'lab_lifestyle' ELSE 'prescription' END, '1310000001', 'B-' || i || '-' || j,
           timestamptz '2024-01-01' + ((i * 7 + j * 31) % 700) * interval '1 day',
           CASE WHEN j = 1 THEN 'E11.9' WHEN j <= 7 THEN '3D046' ELSE '3962002F1020' END, 'urn:bench', '表示',
           CASE WHEN j = 1 THEN 'active' END, timestamptz '2024-01-01' + ((i * 7 + j * 31) % 700) * interval '1 day',
           CASE WHEN j > 7 THEN '1回1錠 1日2回' END, CASE WHEN j BETWEEN 2 AND 7 THEN 6 + (i % 30) / 10.0 WHEN j > 7 THEN 28 END,
           CASE WHEN j BETWEEN 2 AND 7 THEN '%' END, jsonb_build_object('resourceType', 'Observation', 'note', '自由記載 ' || i)
      FROM generate_series(1, $1::int) i, generate_series(1, 10) j`, [PATIENTS]);
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= "warn";
  process.env.PGLITE_PORT = "0";
  let dropScratch: (() => Promise<void>) | null = null;
  if (!process.env.DATABASE_URL && !opts.pglite && (await postgresUp())) {
    const name = `hub_research_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${name}`;
    dropScratch = async () => {
      const a = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else if (!process.env.DATABASE_URL) {
    console.warn("embedded PGlite (PostgreSQL not used): the database lives in this process, so RSS grows with the stored output; the JS heap does not");
  }
  const db = await prepareDatabase(config(), { reset: true, seed: false });
  const c = new pg.Client({ connectionString: db.databaseUrl });
  await c.connect();
  try {
    await c.query(`INSERT INTO consent.organizations (id, name, kind, prefecture) VALUES ('1310000001', 'bench clinic', 'clinic', '13') ON CONFLICT DO NOTHING`);
    let t = Date.now();
    await generate(c);
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM clinical.records`)).rows;
    console.log(`generated ${PATIENTS} patients, ${n} records in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await c.query(`INSERT INTO research.projects (id, name, requester_org, owner_sub) VALUES ('bench', 'bench', 'bench', 'R-001')`);
    await c.query(`INSERT INTO research.dataset_requests (id, project_id, purpose, requester_sub, requester_org, categories, filters, fields, k, status,
        legal_basis, requester_kind, processing)
      VALUES ('bench', 'bench', 'HRESCH', 'R-001', 'bench', '{condition,lab_lifestyle,prescription}', '{}', '{}', 5, 'APPROVED',
        'ACADEMIC_RESEARCH', 'ACADEMIC_INSTITUTION', 'PSEUDONYMISED')`);
    await c.query(`INSERT INTO research.extraction_jobs (id, request_id, project_id, status, created_by) VALUES ('bench', 'bench', 'bench', 'QUEUED', 'R-001')`);
    const sql = sqlOfClient(c);
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage();
    const peak = { heapUsed: base.heapUsed, rss: base.rss };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
      peak.rss = Math.max(peak.rss, m.rss);
    }, 10);
    t = Date.now();
    const claim = await claimJob(sql, 600, "bench");
    // Live heap (after a full GC) every 10 batches: what the job retains, as opposed to garbage not yet collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    let live = base.heapUsed;
    const outcome = await runJob(sql, claim!, {
      batchSize: BATCH, leaseSeconds: 600,
      afterBatch: (_phase, n) => { if (gc && n % 10 === 0) { gc(); live = Math.max(live, process.memoryUsage().heapUsed); } },
    });
    clearInterval(sampler);
    const secs = (Date.now() - t) / 1000;
    const [job] = (await c.query(`SELECT counts, anonymity FROM research.extraction_jobs WHERE id = 'bench'`)).rows;
    const heapGrowth = peak.heapUsed - base.heapUsed;
    const result = {
      outcome, records: n, processedRecords: job.counts.processedRecords, output: job.counts, seconds: secs,
      recordsPerSecond: Math.round(job.counts.processedRecords / secs), batch: BATCH,
      heapUsedMB: { before: MB(base.heapUsed), peak: MB(peak.heapUsed), growth: MB(heapGrowth), liveAfterGcMax: gc ? MB(live) : "run with --expose-gc" },
      rssMB: { before: MB(base.rss), peak: MB(peak.rss), growth: MB(peak.rss - base.rss) },
      kAnonymity: { level: job.anonymity.level, released: job.anonymity.releasedPatients, suppressed: job.anonymity.suppressedPatients },
    };
    console.log(JSON.stringify(result, null, 2));
    if (outcome !== "SUCCEEDED") throw new Error(`extraction ${outcome}`);
    if (MB(heapGrowth) > MAX_HEAP_MB) throw new Error(`JS heap grew by ${MB(heapGrowth)} MB (> ${MAX_HEAP_MB} MB): not streaming`);
    if (gc && MB(live - base.heapUsed) > 16) throw new Error(`live heap grew by ${MB(live - base.heapUsed)} MB (> 16 MB): the job retains data`);
    console.log(`OK: ${n} records extracted with the JS heap growing ${MB(heapGrowth)} MB (limit ${MAX_HEAP_MB} MB)`);
  } finally {
    await c.end();
    await db.close();
    await dropScratch?.();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
