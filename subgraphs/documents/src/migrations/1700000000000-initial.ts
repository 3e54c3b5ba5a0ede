import type { MigrationInterface, QueryRunner } from "typeorm";

export class DocumentsInitial1700000000000 implements MigrationInterface {
  name = "DocumentsInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE documents.documents (
      id text PRIMARY KEY, patient_id text NOT NULL, type text NOT NULL CHECK (type IN ('REFERRAL','DISCHARGE_SUMMARY','CHECKUP_REPORT')),
      category text NOT NULL, source_org_id text NOT NULL, destination_org_id text, status text NOT NULL,
      issuance text NOT NULL DEFAULT 'ELECTRONIC', exchange_number text, title text, issued_at timestamptz NOT NULL,
      withheld boolean NOT NULL DEFAULT false, bundle jsonb NOT NULL)`);
    await q.query(`CREATE INDEX documents_patient_time ON documents.documents (patient_id, issued_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX documents_live_exchange_number ON documents.documents (exchange_number)
      WHERE status IN ('PENDING_CONSENT','AVAILABLE')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents.documents`);
  }
}
