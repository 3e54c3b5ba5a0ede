import type { MigrationInterface, QueryRunner } from "typeorm";

/** Onward sharing (specialist consultation) and practitioner-scoped consents. */
export class ConsentSharing1700000000004 implements MigrationInterface {
  name = "ConsentSharing1700000000004";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.consents ADD COLUMN onward_sharing boolean NOT NULL DEFAULT false,
      ADD COLUMN practitioner_sub text, ADD COLUMN shared_by text, ADD COLUMN note text`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.consents DROP COLUMN onward_sharing, DROP COLUMN practitioner_sub, DROP COLUMN shared_by, DROP COLUMN note`);
  }
}
