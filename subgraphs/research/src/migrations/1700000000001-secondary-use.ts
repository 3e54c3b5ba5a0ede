import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Secondary use: projects, dataset requests, extraction jobs with their staging cohort and output lines, and the
 * pseudonymisation keys in a schema of their own (`research_keys`), read only by the extraction code. In production
 * the schema belongs to a separate role and `REVOKE ALL ON SCHEMA research_keys FROM <app role>` keeps the API
 * processes away from it (see docs/secondary-use.md).
 */
export class ResearchSecondaryUse1700000000001 implements MigrationInterface {
  name = "ResearchSecondaryUse1700000000001";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE research.projects (
      id text PRIMARY KEY, name text NOT NULL, requester_org text NOT NULL, owner_sub text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE research.dataset_requests (
      id text PRIMARY KEY, project_id text NOT NULL REFERENCES research.projects(id), purpose text NOT NULL,
      requester_sub text NOT NULL, requester_org text NOT NULL, categories text[] NOT NULL, filters jsonb NOT NULL,
      fields text[] NOT NULL, k int NOT NULL CHECK (k >= 2),
      status text NOT NULL CHECK (status IN ('SUBMITTED','APPROVED','REJECTED')),
      submitted_at timestamptz NOT NULL DEFAULT now(), reviewer_sub text, reviewed_at timestamptz, conditions text)`);
    await q.query(`CREATE INDEX dataset_requests_project ON research.dataset_requests (project_id)`);
    await q.query(`CREATE TABLE research.extraction_jobs (
      id text PRIMARY KEY, request_id text NOT NULL REFERENCES research.dataset_requests(id), project_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('QUEUED','RUNNING','SUCCEEDED','FAILED','CANCELLED')),
      phase text NOT NULL DEFAULT 'cohort', cursor text, progress int NOT NULL DEFAULT 0, attempts int NOT NULL DEFAULT 0,
      lease_until timestamptz, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz, finished_at timestamptz, transaction_time timestamptz,
      counts jsonb NOT NULL DEFAULT '{}', anonymity jsonb, errors jsonb NOT NULL DEFAULT '[]', manifest jsonb)`);
    await q.query(`CREATE INDEX extraction_jobs_request ON research.extraction_jobs (request_id)`);
    // Staging: the job's cohort (real patient ids) lives only while the job runs and is deleted when it ends.
    await q.query(`CREATE TABLE research.extraction_cohort (
      job_id text NOT NULL, patient_id text NOT NULL, pseudonym text NOT NULL, shift_days int NOT NULL,
      age int NOT NULL, sex text NOT NULL, prefecture text, suppressed boolean NOT NULL DEFAULT false,
      PRIMARY KEY (job_id, patient_id))`);
    // Output lines, written idempotently: one row per (job, resource type, source key), so a resumed job never duplicates.
    await q.query(`CREATE TABLE research.extraction_outputs (
      n bigserial PRIMARY KEY, job_id text NOT NULL, resource_type text NOT NULL, source_key text NOT NULL,
      pseudonym text NOT NULL, line text NOT NULL, UNIQUE (job_id, resource_type, source_key))`);
    await q.query(`CREATE INDEX extraction_outputs_page ON research.extraction_outputs (job_id, resource_type, n)`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS research_keys`);
    // IF NOT EXISTS: a reset drops the service schemas, not this one; keys of unknown (random) project ids are inert.
    await q.query(`CREATE TABLE IF NOT EXISTS research_keys.project_keys (
      project_id text PRIMARY KEY, hmac_key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE research_keys.project_keys`);
    await q.query(`DROP SCHEMA research_keys`);
    for (const t of ["extraction_outputs", "extraction_cohort", "extraction_jobs", "dataset_requests", "projects"]) await q.query(`DROP TABLE research.${t}`);
  }
}
