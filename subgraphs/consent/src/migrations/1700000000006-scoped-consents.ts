import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Consents as precise as the act that created them (record ids, source institutions, the act's id and facts; the
 * source as a closed set), and grants bound to the whole actor (MFA at start).
 */
export class ConsentScoped1700000000006 implements MigrationInterface {
  name = "ConsentScoped1700000000006";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.consents ADD COLUMN record_ids text[], ADD COLUMN source_organization_ids text[],
      ADD COLUMN origin_id text, ADD COLUMN detail jsonb`);
    await q.query(`UPDATE consent.consents SET source = CASE source WHEN 'SHARED' THEN 'SHARE' WHEN 'SEED' THEN 'PORTAL' ELSE source END`);
    await q.query(`ALTER TABLE consent.consents ADD CONSTRAINT consents_source
      CHECK (source IN ('PORTAL','CARD_READER','QUESTIONNAIRE','RESERVATION','EXCHANGE','PREFETCH','SHARE','CONSULTATION'))`);
    await q.query(`CREATE INDEX consents_origin ON consent.consents (patient_id, origin_id) WHERE origin_id IS NOT NULL`);
    await q.query(`CREATE INDEX consents_holder ON consent.consents (organization_id, source) WHERE status = 'ACTIVE'`);
    await q.query(`ALTER TABLE consent.emergency_accesses ADD COLUMN actor_mfa boolean NOT NULL DEFAULT false`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.emergency_accesses DROP COLUMN actor_mfa`);
    await q.query(`DROP INDEX consent.consents_holder`);
    await q.query(`DROP INDEX consent.consents_origin`);
    await q.query(`ALTER TABLE consent.consents DROP CONSTRAINT consents_source, DROP COLUMN record_ids, DROP COLUMN source_organization_ids,
      DROP COLUMN origin_id, DROP COLUMN detail`);
  }
}
