import type { MigrationInterface, QueryRunner } from "typeorm";

export class EligibilityInitial1700000000000 implements MigrationInterface {
  name = "EligibilityInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE eligibility.qualifications (
      id text PRIMARY KEY, patient_id text NOT NULL, organization_id text NOT NULL,
      insurer_number text NOT NULL CHECK (insurer_number ~ '^[0-9]{8}$'), symbol text NOT NULL, number text NOT NULL,
      branch text, status text NOT NULL, copay_ratio integer, limit_category text, confirmed_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX qualifications_patient ON eligibility.qualifications (patient_id, confirmed_at DESC)`);
    await q.query(`CREATE TABLE eligibility.card_consents (
      id text PRIMARY KEY, patient_id text NOT NULL, organization_id text NOT NULL, categories text[] NOT NULL,
      flags text[] NOT NULL, confirmed_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX card_consents_patient ON eligibility.card_consents (patient_id, confirmed_at DESC)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE eligibility.card_consents, eligibility.qualifications`);
  }
}
