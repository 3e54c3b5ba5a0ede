import { jobPseudonymizer, projectPseudonymizer } from "../pseudonym/keys.js";
import { effectiveK } from "../request/processing.js";
import type { Pseudonymizer } from "../pseudonym/pseudonym.js";
import { DATASET_FIELDS, RESOURCE_TYPE, deidentifiedRecord, type DatasetFieldName, type Processing, type RecordRow } from "./fhir-output.js";
import { PATIENTS, PREFECTURE_OF, RECORDS, cohortFilter, recordFilter, referenceDate, type RequestSpec } from "./filters.js";
import { JobLost, advance, failJob, insertOutputs, loadJob, type Claim } from "./job-store.js";
import { anonymise, publish, writePatients, type JobAudit } from "./publish.js";
import type { Row, Sql } from "./sql.js";

export interface EngineOptions {
  /** Rows per batch (patients or records); memory stays proportional to it, whatever the dataset size. */
  batchSize?: number;
  leaseSeconds?: number;
  /** Called after each committed batch (tests: throw to simulate a crash, or cancel). */
  afterBatch?: (phase: string, batch: number) => Promise<void> | void;
  audit?: JobAudit;
  /** True while the process shuts down: an error then means "interrupted", not "failed" (the job resumes later). */
  isStopping?: () => boolean;
}

export type JobOutcome = "SUCCEEDED" | "FAILED" | "LOST";

export interface JobContext {
  sql: Sql;
  claim: Claim;
  job: Row;
  /** The request: who is in the cohort. */
  spec: RequestSpec;
  /** The records to release: the request's categories, narrowed to the resource types a Bulk Data `_type` asked for. */
  recordSpec: RequestSpec;
  /** Resource types to write (`_type`), or null for all. */
  types: string[] | null;
  /** 加工形態 of the release, and the k it is held to (stricter when anonymised). */
  processing: Processing;
  k: number;
  fields: ReadonlySet<DatasetFieldName>;
  ps: Pseudonymizer;
  batch: number;
  lease: number;
  afterBatch: (phase: string, batch: number) => Promise<void>;
}


/** Phase 1: the cohort, scanned by patient id in keyset batches, pseudonymised and staged with its quasi-identifiers. */
async function cohortPhase(c: JobContext): Promise<void> {
  const ref = referenceDate(c.spec, new Date(c.job.transaction_time));
  let cursor: string = c.job.phase === "cohort" ? c.job.cursor ?? "" : "";
  for (let n = 0; ; n++) {
    const [bound] = await c.sql.query(`SELECT id FROM ${PATIENTS} s WHERE id > $1 ORDER BY id OFFSET $2 LIMIT 1`, [cursor, c.batch - 1]);
    const upper: string | null = bound?.id ?? null;
    const f = cohortFilter(c.spec, 4);
    const rows = await c.sql.query(
      `SELECT p.id, p.gender, p.age, p.pref FROM (
         SELECT s.id, s.gender, date_part('year', age($3::date, s.birth_date))::int AS age, ${PREFECTURE_OF("s")} AS pref
           FROM ${PATIENTS} s WHERE s.id > $1 AND ($2::text IS NULL OR s.id <= $2)) p
        WHERE ${f.where}`,
      [cursor, upper, ref, ...f.params],
    );
    await c.sql.tx(async (q) => {
      if (rows.length > 0) {
        await q.query(
          `INSERT INTO research.extraction_cohort (job_id, patient_id, pseudonym, shift_days, age, sex, prefecture)
             SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[]) ON CONFLICT DO NOTHING`,
          [c.claim.jobId, rows.map((r) => r.id), rows.map((r) => c.ps.patient(r.id)), rows.map((r) => (c.processing === "ANONYMISED" ? 0 : c.ps.shiftDays(r.id))),
            rows.map((r) => r.age), rows.map((r) => r.gender), rows.map((r) => r.pref ?? null)],
        );
      }
      await advance(q, c.claim, c.lease, upper === null ? { phase: "anonymise", cursor: null, progress: 20 } : { cursor: upper, progress: 10 });
    });
    await c.afterBatch("cohort", n);
    if (upper === null) return;
    cursor = upper;
  }
}

/**
 * Where the records phase stands: after all records of patients up to `gt`, or inside patient `p` after record `r`
 * (a patient with more records than a batch spans several batches).
 */
type RecordCursor = { gt: string } | { p: string; r: string };

/**
 * Phase 4: the requested records of the released people. Each batch takes the next few cohort patients by the
 * cohort's primary key, then at most `batch` of their records in (patient, record id) order: every query is an
 * index range, so the cost per batch does not grow with the dataset and memory stays at one batch.
 */
async function recordsPhase(c: JobContext): Promise<void> {
  const f = recordFilter(c.recordSpec, 4);
  let cursor: RecordCursor = c.job.phase === "records" && c.job.cursor ? JSON.parse(c.job.cursor) : { gt: "" };
  let total = Number(c.job.counts?.plannedRecords ?? NaN);
  if (Number.isNaN(total)) {
    const fc = recordFilter(c.recordSpec, 2);
    const [t] = await c.sql.query(`SELECT count(*)::int AS n FROM research.extraction_cohort x JOIN ${RECORDS} r ON r.patient_id = x.patient_id
      WHERE x.job_id = $1 AND NOT x.suppressed AND ${fc.where}`, [c.claim.jobId, ...fc.params]);
    total = t.n;
  }
  const perBatch = Math.max(1, Math.floor(c.batch / 10));
  let done = Number(c.job.phase === "records" ? c.job.counts?.processedRecords ?? 0 : 0);
  for (let n = 0; ; n++) {
    const inside = "p" in cursor;
    const people = await c.sql.query(`SELECT patient_id, pseudonym, shift_days FROM research.extraction_cohort
      WHERE job_id = $1 AND NOT suppressed AND patient_id ${inside ? ">=" : ">"} $2 ORDER BY patient_id LIMIT ${perBatch}`,
    [c.claim.jobId, "p" in cursor ? cursor.p : cursor.gt]);
    const who = new Map(people.map((p) => [p.patient_id as string, { pseudonym: p.pseudonym as string, shiftDays: Number(p.shift_days) }]));
    const rows = people.length === 0 ? [] : (await c.sql.query(
      `SELECT r.id, r.patient_id, r.category, r.code, r.code_system, r.status, r.effective_at, r.recorded_at, r.value_text, r.value_num, r.unit
         FROM ${RECORDS} r
        WHERE r.patient_id = ANY($1::text[]) AND (r.patient_id, r.id) > ($2::text, $3::text) AND ${f.where}
        ORDER BY r.patient_id, r.id LIMIT ${c.batch}`,
      [[...who.keys()], "p" in cursor ? cursor.p : "", "p" in cursor ? cursor.r : "", ...f.params],
    )) as (RecordRow & { patient_id: string })[];
    const full = rows.length === c.batch;
    const next: RecordCursor | null = full ? { p: rows[rows.length - 1].patient_id, r: rows[rows.length - 1].id }
      : people.length === perBatch ? { gt: people[people.length - 1].patient_id } : null;
    done += rows.length;
    await c.sql.tx(async (q) => {
      await insertOutputs(q, c.claim.jobId, rows.map((r) => {
        const person = who.get(r.patient_id)!;
        const id = c.ps.record(r.id);
        return { type: RESOURCE_TYPE[r.category], key: id, pseudonym: person.pseudonym, line: JSON.stringify(deidentifiedRecord(r, person, id, c.fields, c.processing)) };
      }));
      const counts = { plannedRecords: total, processedRecords: done };
      const progress = 40 + Math.floor((55 * Math.min(done, total)) / Math.max(total, 1));
      await advance(q, c.claim, c.lease, next ? { cursor: JSON.stringify(next), progress, counts } : { phase: "publish", cursor: null, progress: 95, counts });
    });
    await c.afterBatch("records", n);
    if (!next) return;
    cursor = next;
  }
}

/**
 * Run (or resume) a claimed job to the end. Each phase is resumable from the job row: cohort and records by
 * keyset cursor, committed together with their batch; output rows are unique per source, so a batch replayed
 * after a crash writes nothing twice; nothing is downloadable until `publish` flips the job to SUCCEEDED.
 */
export async function runJob(sql: Sql, claim: Claim, opts: EngineOptions = {}): Promise<JobOutcome> {
  try {
    const job = await loadJob(sql, claim.jobId);
    if (!job || job.status !== "RUNNING" || Number(job.attempts) !== claim.attempt) return "LOST";
    const requested = (job.fields as string[]).filter((x): x is DatasetFieldName => (DATASET_FIELDS as readonly string[]).includes(x));
    const processing = (job.processing ?? "PSEUDONYMISED") as Processing;
    const types = (job.types as string[] | null) ?? null;
    const spec = { categories: job.categories as string[], filters: job.filters };
    const c: JobContext = {
      sql, claim, job, spec, types, processing, k: effectiveK(Number(job.k), processing),
      recordSpec: types ? { ...spec, categories: spec.categories.filter((cat) => types.includes(RESOURCE_TYPE[cat])) } : spec,
      // pseudonymised: the project's key (stable across its extractions); anonymised: this extraction's own key
      ps: processing === "ANONYMISED" ? await jobPseudonymizer(sql, job.id) : await projectPseudonymizer(sql, job.project_id),
      fields: new Set(requested.length > 0 ? requested : DATASET_FIELDS), batch: opts.batchSize ?? 1000, lease: opts.leaseSeconds ?? 60,
      afterBatch: async (p, n) => { await opts.afterBatch?.(p, n); },
    };
    if (job.phase === "cohort") await cohortPhase(c);
    const reload = async () => { c.job = (await loadJob(sql, claim.jobId))!; };
    await reload();
    if (c.job.phase === "anonymise") { await anonymise(c); await reload(); }
    if (c.job.phase === "patients") { await writePatients(c); await reload(); }
    if (c.job.phase === "records") { await recordsPhase(c); await reload(); }
    if (c.job.phase === "publish") await publish(c, opts.audit);
    return "SUCCEEDED";
  } catch (e) {
    if (e instanceof JobLost) return "LOST";
    if (e instanceof Interrupted || opts.isStopping?.()) throw e instanceof Interrupted ? e : new Interrupted(String(e));
    const ended = await failJob(sql, claim, e instanceof Error ? e.message : String(e)).catch(() => false);
    if (ended) await opts.audit?.(claim.jobId, "extraction-finished", { status: "FAILED", error: e instanceof Error ? e.message : String(e) });
    return ended ? "FAILED" : "LOST";
  }
}

/** The process is stopping (or, in tests, dying): the job is left as its last commit left it, to be resumed. */
export class Interrupted extends Error {}
