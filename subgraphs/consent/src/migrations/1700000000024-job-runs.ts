import type { MigrationInterface, QueryRunner } from "typeorm";
import { jobRunsTables } from "@hub/common";

/** Leases and run log of the consent service's scheduled jobs (run once per period across replicas; docs/scaling.md). */
export class ConsentJobRuns1700000000024 implements MigrationInterface {
  name = "ConsentJobRuns1700000000024";
  async up(q: QueryRunner): Promise<void> {
    for (const sql of jobRunsTables("consent").up) await q.query(sql);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const sql of jobRunsTables("consent").down) await q.query(sql);
  }
}
