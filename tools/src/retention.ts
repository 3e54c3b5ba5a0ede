import "reflect-metadata";
import { config } from "@hub/common";
import { AuditStore } from "@hub/policies";
import { retentionJobs, runRetention } from "@hub/documents";
import { openCliDataSource } from "./cli-db.js";

/**
 * `npm run retention`               purge what is past its retention period (SPEC §7), audited
 * `npm run retention -- --dry-run`  count only, change nothing
 * `npm run retention -- status`     the last retention jobs (status, progress, counts)
 * Periods come from the RETENTION_* settings. Connects to DATABASE_URL, or to the running hub's embedded database.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--dry-run", "status", "--json"].includes(a));
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}\nusage: npm run retention -- [--dry-run] [--json] | status`);
    return 2;
  }
  const cfg = config();
  const ds = await openCliDataSource(3);
  try {
    if (args.includes("status")) {
      const jobs = await retentionJobs(ds);
      console.log(JSON.stringify(jobs, null, 2));
      return 0;
    }
    const dryRun = args.includes("--dry-run");
    const report = await runRetention(ds, new AuditStore(ds), cfg.retention, {
      dryRun, onProgress: (p, rule, n) => console.error(`[${String(p).padStart(3)}%] ${rule}: ${n} ${dryRun ? "would be purged" : "purged"}`),
    });
    if (args.includes("--json")) console.log(JSON.stringify(report));
    else console.log(`retention job ${report.jobId} ${dryRun ? "(dry run) " : ""}done: ${Object.values(report.counts).reduce((a, b) => a + b, 0)} rows`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
