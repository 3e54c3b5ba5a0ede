import type { MigrationInterface, QueryRunner } from "typeorm";

export class ConsentInitial1700000000000 implements MigrationInterface {
  name = "ConsentInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent.organizations (
      id text PRIMARY KEY CHECK (id ~ '^[0-9]{10}$'), name text NOT NULL, kind text NOT NULL,
      prefecture text NOT NULL, status text NOT NULL DEFAULT 'ACTIVE', contact text)`);
    await q.query(`CREATE TABLE consent.consents (
      id text PRIMARY KEY, patient_id text NOT NULL, organization_id text NOT NULL REFERENCES consent.organizations(id),
      purpose text NOT NULL, categories text[], status text NOT NULL DEFAULT 'ACTIVE',
      granted_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz, revoked_at timestamptz,
      source text NOT NULL DEFAULT 'PORTAL')`);
    await q.query(`CREATE INDEX consents_patient ON consent.consents (patient_id) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE TABLE consent.seals (
      id text PRIMARY KEY, patient_id text NOT NULL, level text NOT NULL CHECK (level IN ('RESTRICTED','SEALED')),
      source_organization_id text, category text, record_ids text[], active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(), removed_at timestamptz,
      CHECK (source_organization_id IS NOT NULL OR category IS NOT NULL OR record_ids IS NOT NULL))`);
    await q.query(`CREATE INDEX seals_patient ON consent.seals (patient_id) WHERE active`);
    await q.query(`CREATE TABLE consent.emergency_accesses (
      id text PRIMARY KEY, patient_id text NOT NULL, actor_sub text NOT NULL, actor_org text, reason text NOT NULL,
      justification text NOT NULL, disaster_id text, started_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL, ended_at timestamptz)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.emergency_accesses, consent.seals, consent.consents, consent.organizations`);
  }
}
