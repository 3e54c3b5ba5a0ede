import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Document versions and idempotent registration (the issuer's Bundle.identifier and a hash of the Bundle), who
 * retrieved a document, longer exchange numbers (a column change only: the format is the resolver's), and the
 * per-institution throttle of failed retrievals, and the claim of the scheduled jobs (retention).
 */
export class DocumentsVersions1700000000019 implements MigrationInterface {
  name = "DocumentsVersions1700000000019";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents.documents ADD COLUMN bundle_identifier text, ADD COLUMN content_hash text,
      ADD COLUMN version integer NOT NULL DEFAULT 1, ADD COLUMN supersedes_id text, ADD COLUMN superseded_by_id text,
      ADD COLUMN retrieved_by_org text`);
    await q.query(`ALTER TABLE documents.documents DROP CONSTRAINT documents_status_check,
      ADD CONSTRAINT documents_status_check CHECK (status IN ('PENDING_CONSENT','AVAILABLE','RETRIEVED','WITHDRAWN','SUPERSEDED'))`);
    await q.query(`ALTER TABLE documents.documents DROP CONSTRAINT documents_type_check,
      ADD CONSTRAINT documents_type_check CHECK (type IN ('REFERRAL','DISCHARGE_SUMMARY','CHECKUP_REPORT','PATIENT_SUMMARY'))`);
    await q.query(`CREATE UNIQUE INDEX documents_bundle_version ON documents.documents (source_org_id, bundle_identifier, version) WHERE bundle_identifier IS NOT NULL`);
    await q.query(`CREATE INDEX documents_issued ON documents.documents (source_org_id, issued_at DESC, id DESC)`);
    await q.query(`CREATE TABLE documents.retrieval_throttle (
      organization_id text PRIMARY KEY, window_started_at timestamptz NOT NULL, failures integer NOT NULL,
      locked_until timestamptz, last_failure_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE documents.schedules (name text PRIMARY KEY, last_started_at timestamptz NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents.schedules, documents.retrieval_throttle`);
    await q.query(`DROP INDEX documents.documents_issued`);
    await q.query(`DROP INDEX documents.documents_bundle_version`);
    await q.query(`DELETE FROM documents.documents WHERE status = 'SUPERSEDED' OR type = 'PATIENT_SUMMARY'`);
    await q.query(`ALTER TABLE documents.documents DROP CONSTRAINT documents_type_check,
      ADD CONSTRAINT documents_type_check CHECK (type IN ('REFERRAL','DISCHARGE_SUMMARY','CHECKUP_REPORT'))`);
    await q.query(`ALTER TABLE documents.documents DROP CONSTRAINT documents_status_check,
      ADD CONSTRAINT documents_status_check CHECK (status IN ('PENDING_CONSENT','AVAILABLE','RETRIEVED','WITHDRAWN'))`);
    await q.query(`ALTER TABLE documents.documents DROP COLUMN bundle_identifier, DROP COLUMN content_hash, DROP COLUMN version,
      DROP COLUMN supersedes_id, DROP COLUMN superseded_by_id, DROP COLUMN retrieved_by_org`);
  }
}
