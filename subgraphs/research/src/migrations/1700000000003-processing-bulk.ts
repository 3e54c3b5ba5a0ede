import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Processing level by use (加工形態) and FHIR Bulk Data export: a dataset request states its legal basis and the kind
 * of requester, and the processing level derived from them is stored with it (what the steward approves); a job
 * remembers the Bulk Data kick-off (`_type`, the request URL); anonymised extractions get a key of their own, kept
 * only while the job runs. Requests made before this migration were approved as pseudonymised academic research.
 */
export class ResearchProcessingBulk1700000000003 implements MigrationInterface {
  name = "ResearchProcessingBulk1700000000003";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE research.dataset_requests
      ADD COLUMN legal_basis text NOT NULL DEFAULT 'ACADEMIC_RESEARCH',
      ADD COLUMN requester_kind text NOT NULL DEFAULT 'ACADEMIC_INSTITUTION',
      ADD COLUMN processing text NOT NULL DEFAULT 'PSEUDONYMISED' CHECK (processing IN ('PSEUDONYMISED', 'ANONYMISED'))`);
    for (const c of ["legal_basis", "requester_kind", "processing"]) await q.query(`ALTER TABLE research.dataset_requests ALTER COLUMN ${c} DROP DEFAULT`);
    await q.query(`ALTER TABLE research.extraction_jobs ADD COLUMN types text[], ADD COLUMN export_request text`);
    await q.query(`CREATE TABLE IF NOT EXISTS research_keys.job_keys (job_id text PRIMARY KEY, hmac_key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE research_keys.job_keys`);
    await q.query(`ALTER TABLE research.extraction_jobs DROP COLUMN types, DROP COLUMN export_request`);
    await q.query(`ALTER TABLE research.dataset_requests DROP COLUMN legal_basis, DROP COLUMN requester_kind, DROP COLUMN processing`);
  }
}
