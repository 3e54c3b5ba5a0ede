import type { MigrationInterface, QueryRunner } from "typeorm";

export class PhrInitial1700000000000 implements MigrationInterface {
  name = "PhrInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE phr.vitals (
      id text PRIMARY KEY, patient_id text NOT NULL, kind text NOT NULL, value double precision NOT NULL,
      value2 double precision, unit text NOT NULL, measured_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX vitals_patient ON phr.vitals (patient_id, measured_at DESC, id DESC)`);
    await q.query(`CREATE TABLE phr.questionnaires (
      id text PRIMARY KEY, patient_id text NOT NULL, organization_id text NOT NULL, answers jsonb NOT NULL,
      submitted_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX questionnaires_patient ON phr.questionnaires (patient_id, submitted_at DESC, id DESC)`);
    await q.query(`CREATE TABLE phr.reservations (
      id text PRIMARY KEY, patient_id text NOT NULL, organization_id text NOT NULL, date date NOT NULL,
      status text NOT NULL DEFAULT 'BOOKED', created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX reservations_patient ON phr.reservations (patient_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX reservations_org_date ON phr.reservations (organization_id, date) WHERE status = 'BOOKED'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE phr.reservations, phr.questionnaires, phr.vitals`);
  }
}
