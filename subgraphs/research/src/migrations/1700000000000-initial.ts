import type { MigrationInterface, QueryRunner } from "typeorm";

export class ResearchInitial1700000000000 implements MigrationInterface {
  name = "ResearchInitial1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE research.opt_outs (patient_id text PRIMARY KEY, opted_out_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE research.opt_outs`);
  }
}
