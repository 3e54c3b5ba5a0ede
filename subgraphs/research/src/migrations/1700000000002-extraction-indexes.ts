import type { MigrationInterface, QueryRunner } from "typeorm";

/** Keyset batches of an extraction read the staging cohort by pseudonym (Patient file): an index range, not a sort. */
export class ResearchExtractionIndexes1700000000002 implements MigrationInterface {
  name = "ResearchExtractionIndexes1700000000002";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX extraction_cohort_pseudonym ON research.extraction_cohort (job_id, pseudonym)`);
    await q.query(`CREATE INDEX extraction_outputs_pseudonym ON research.extraction_outputs (job_id, pseudonym)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX research.extraction_outputs_pseudonym`);
    await q.query(`DROP INDEX research.extraction_cohort_pseudonym`);
  }
}
