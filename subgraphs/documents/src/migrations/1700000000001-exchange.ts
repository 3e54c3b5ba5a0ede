import type { MigrationInterface, QueryRunner } from "typeorm";

/** Exchange lifecycle times, content-addressed attachments, and tracked jobs (retention). */
export class DocumentsExchange1700000000001 implements MigrationInterface {
  name = "DocumentsExchange1700000000001";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents.documents ADD COLUMN retrieved_at timestamptz, ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_reason text, ADD CONSTRAINT documents_status_check CHECK (status IN ('PENDING_CONSENT','AVAILABLE','RETRIEVED','WITHDRAWN'))`);
    await q.query(`CREATE INDEX documents_destination ON documents.documents (destination_org_id, issued_at DESC, id DESC) WHERE status IN ('PENDING_CONSENT','AVAILABLE')`);
    await q.query(`CREATE TABLE documents.attachments (
      sha256 text PRIMARY KEY, content_type text NOT NULL, size integer NOT NULL, content bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE documents.document_attachments (
      document_id text NOT NULL REFERENCES documents.documents(id) ON DELETE CASCADE, sha256 text NOT NULL REFERENCES documents.attachments(sha256),
      position integer NOT NULL, title text, PRIMARY KEY (document_id, position))`);
    await q.query(`CREATE TABLE documents.jobs (
      id text PRIMARY KEY, kind text NOT NULL, status text NOT NULL CHECK (status IN ('RUNNING','SUCCEEDED','FAILED')),
      dry_run boolean NOT NULL, progress integer NOT NULL DEFAULT 0, counts jsonb NOT NULL DEFAULT '{}', error text,
      started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents.jobs, documents.document_attachments, documents.attachments`);
    await q.query(`DROP INDEX documents.documents_destination`);
    await q.query(`ALTER TABLE documents.documents DROP CONSTRAINT documents_status_check, DROP COLUMN retrieved_at, DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason`);
  }
}
