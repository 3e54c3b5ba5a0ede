import type { MigrationInterface, QueryRunner } from "typeorm";

/** Versioned policy: every change is a new row; the highest version is live in every process. */
export class ConsentPolicyVersions1700000000003 implements MigrationInterface {
  name = "ConsentPolicyVersions1700000000003";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent.policy_versions (
      version integer PRIMARY KEY, rules text NOT NULL, comment text NOT NULL, author text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), based_on integer)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.policy_versions`);
  }
}
