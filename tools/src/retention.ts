import "reflect-metadata";
import { config } from "@hub/common";
import { AuditStore } from "@hub/policies";
import { retentionJobs, runRetention } from "@hub/documents";
import { openCliDataSource } from "./cli-db.js";
import { EXIT, cli, exitWith, runCli } from "./cli.js";

/**
 * `npm run retention`: purge what is past its retention period (SPEC §7), audited.
 * `npm run retention -- --dry-run`: count only, change nothing. `npm run retention -- status`: the last jobs.
 * Periods come from the RETENTION_* settings. Connects to DATABASE_URL, or to the running hub's embedded database.
 */
const program = cli("npm run retention --", "Purge data past its retention period (SPEC §7), every purge audited")
  .option("--dry-run", "count only, change nothing", false)
  .option("--json", "print the job's report as JSON", false)
  .action(exitWith(async (o: { dryRun: boolean; json: boolean }) => {
    const cfg = config();
    const ds = await openCliDataSource(3);
    try {
      const report = await runRetention(ds, new AuditStore(ds), cfg.retention, {
        dryRun: o.dryRun, onProgress: (p, rule, n) => console.error(`[${String(p).padStart(3)}%] ${rule}: ${n} ${o.dryRun ? "would be purged" : "purged"}`),
      });
      if (o.json) console.log(JSON.stringify(report));
      else console.log(`retention job ${report.jobId} ${o.dryRun ? "(dry run) " : ""}done: ${Object.values(report.counts).reduce((a, b) => a + b, 0)} rows`);
      return EXIT.OK;
    } finally {
      await ds.destroy();
    }
  }));

program.command("status").description("the last retention jobs (status, progress, counts) as JSON")
  .action(exitWith(async () => {
    const ds = await openCliDataSource(1);
    try {
      const jobs = await retentionJobs(ds);
      console.log(JSON.stringify(jobs, null, 2));
      return EXIT.OK;
    } finally {
      await ds.destroy();
    }
  }));

void runCli(program);
