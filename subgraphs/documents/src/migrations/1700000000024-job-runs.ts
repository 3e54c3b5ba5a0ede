import type { MigrationInterface, QueryRunner } from "typeorm";
import { jobRunsTables } from "@hub/common";

/** Leases and run log of the documents service's scheduled jobs (run once per period across replicas; docs/scaling.md). */
export class DocumentsJobRuns1700000000024 implements MigrationInterface {
  name = "DocumentsJobRuns1700000000024";
  async up(q: QueryRunner): Promise<void> {
    for (const sql of jobRunsTables("documents").up) await q.query(sql);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const sql of jobRunsTables("documents").down) await q.query(sql);
  }
}
