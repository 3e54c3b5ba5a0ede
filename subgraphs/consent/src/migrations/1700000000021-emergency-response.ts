import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Emergency and disaster response (docs/emergency.md): team members on a grant, disaster identifications
 * (institution-scoped grants), unknown-patient starts, dispatched institutions on a declaration, lookups and the
 * patient's emergency notifications. The tables belong to the emergency attribute module (policies).
 */
export class ConsentEmergencyResponse1700000000021 implements MigrationInterface {
  name = "ConsentEmergencyResponse1700000000021";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.emergency_accesses
      ADD COLUMN team jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN scope text NOT NULL DEFAULT 'ACTOR' CHECK (scope IN ('ACTOR', 'INSTITUTION')),
      ADD COLUMN identified_by text,
      ADD COLUMN patient_known boolean NOT NULL DEFAULT true`);
    await q.query(`CREATE INDEX emergency_identifications ON consent.emergency_accesses (patient_id, actor_org) WHERE scope = 'INSTITUTION' AND ended_at IS NULL`);
    await q.query(`ALTER TABLE consent.disasters ADD COLUMN dispatched text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE TABLE consent.emergency_lookups (
      id text PRIMARY KEY, actor_sub text NOT NULL, actor_role text NOT NULL, actor_org text, method text NOT NULL CHECK (method IN ('CARD', 'SEARCH')),
      justification text NOT NULL, disaster_id text, candidate_ids text[] NOT NULL, at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX emergency_lookups_actor_time ON consent.emergency_lookups (actor_sub, at DESC)`);
    await q.query(`CREATE TABLE consent.emergency_notifications (
      id text PRIMARY KEY, patient_id text NOT NULL, at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('EMERGENCY_ACCESS', 'DISASTER_ACCESS', 'EMERGENCY_LOOKUP')),
      organization_id text, actor_role text NOT NULL, emergency_access_id text, disaster_id text, until timestamptz, team_size int NOT NULL DEFAULT 0)`);
    await q.query(`CREATE INDEX emergency_notifications_patient ON consent.emergency_notifications (patient_id, at DESC, id DESC)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.emergency_notifications`);
    await q.query(`DROP TABLE consent.emergency_lookups`);
    await q.query(`ALTER TABLE consent.disasters DROP COLUMN dispatched`);
    await q.query(`DROP INDEX consent.emergency_identifications`);
    await q.query(`ALTER TABLE consent.emergency_accesses DROP COLUMN team, DROP COLUMN scope, DROP COLUMN identified_by, DROP COLUMN patient_known`);
  }
}
