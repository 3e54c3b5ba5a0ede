import type { MigrationInterface, QueryRunner } from "typeorm";

export class ClinicalInitial1700000000000 implements MigrationInterface {
  name = "ClinicalInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE clinical.patients (
      id text PRIMARY KEY, name text NOT NULL, kana text, birth_date date NOT NULL, gender text NOT NULL,
      insurance_member_id text UNIQUE, prefecture text, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE clinical.records (
      id text PRIMARY KEY, patient_id text NOT NULL REFERENCES clinical.patients(id), category text NOT NULL,
      source_org_id text NOT NULL, identifier text NOT NULL, recorded_at timestamptz NOT NULL,
      code text, code_system text, display text, status text, effective_at timestamptz,
      value_text text, value_num double precision, unit text,
      withheld boolean NOT NULL DEFAULT false, long_term boolean NOT NULL DEFAULT false, fhir jsonb NOT NULL,
      CONSTRAINT records_category_check CHECK (category IN
        ('condition','allergy','infection','contraindication','lab_emergency','lab_lifestyle','prescription')))`);
    await q.query(`CREATE INDEX records_patient_cat_time ON clinical.records (patient_id, category, recorded_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX records_source_identifier ON clinical.records (source_org_id, identifier)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clinical.records`);
    await q.query(`DROP TABLE clinical.patients`);
  }
}
