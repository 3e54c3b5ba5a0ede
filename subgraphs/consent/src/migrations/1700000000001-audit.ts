import type { MigrationInterface, QueryRunner } from "typeorm";

/** Append-only, hash-chained audit trail of every decision on patient data and every consent/seal/emergency event. */
export class ConsentAudit1700000000001 implements MigrationInterface {
  name = "ConsentAudit1700000000001";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent.audit_events (
      seq bigint PRIMARY KEY, at timestamptz NOT NULL, event_type text NOT NULL, request_id text,
      actor_sub text NOT NULL, actor_role text NOT NULL, actor_org text, purpose text, patient_id text,
      category text, record_ids text[], decision text, rule text, emergency_access_id text, detail jsonb,
      prev_hash text NOT NULL, hash text NOT NULL UNIQUE)`);
    await q.query(`CREATE INDEX audit_patient_time ON consent.audit_events (patient_id, seq DESC)`);
    // Append-only: updates and deletes are refused by the database itself.
    await q.query(`CREATE FUNCTION consent.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON consent.audit_events
      FOR EACH ROW EXECUTE FUNCTION consent.audit_append_only()`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.audit_events`);
    await q.query(`DROP FUNCTION consent.audit_append_only()`);
  }
}
