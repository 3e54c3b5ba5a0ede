import type { MigrationInterface, QueryRunner } from "typeorm";

/** Break-glass: disaster declarations, grant review queue, end reasons. */
export class ConsentEmergency1700000000002 implements MigrationInterface {
  name = "ConsentEmergency1700000000002";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent.disasters (
      id text PRIMARY KEY, name text NOT NULL, regions text[] NOT NULL, starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL, ended_at timestamptz, declared_by text NOT NULL, declared_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at))`);
    await q.query(`ALTER TABLE consent.emergency_accesses
      ADD COLUMN actor_role text NOT NULL DEFAULT 'emergency_responder',
      ADD COLUMN end_reason text,
      ADD COLUMN review_status text NOT NULL DEFAULT 'PENDING',
      ADD COLUMN review_outcome text, ADD COLUMN review_comment text, ADD COLUMN reviewed_by text, ADD COLUMN reviewed_at timestamptz`);
    await q.query(`CREATE INDEX emergency_actor_time ON consent.emergency_accesses (actor_sub, started_at DESC)`);
    await q.query(`CREATE INDEX emergency_open ON consent.emergency_accesses (expires_at) WHERE ended_at IS NULL`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.disasters`);
  }
}
