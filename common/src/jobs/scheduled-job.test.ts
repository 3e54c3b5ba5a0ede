import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataSource } from "typeorm";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded.js";
import { claimRun, jobRunsTables, runIfDue, scheduleJob, type ScheduledJob } from "./scheduled-job.js";

let embedded: EmbeddedPostgres;
let ds: DataSource;
beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ port: 0 });
  ds = await new DataSource({ type: "postgres", url: embedded.url }).initialize();
  await ds.query("CREATE SCHEMA jobs_test");
  for (const sql of jobRunsTables("jobs_test").up) await ds.query(sql);
});
afterAll(async () => {
  await ds?.destroy();
  await embedded?.stop();
});

describe("scheduled jobs run once per period across replicas", () => {
  it("gives a due job to one claimant only, and not again before its period has passed", async () => {
    const job: ScheduledJob = { name: "once", everyMs: 60_000, run: async () => undefined };
    const claims = await Promise.all(["r1", "r2", "r3"].map((h) => claimRun(ds, "jobs_test", job, h)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimRun(ds, "jobs_test", job, "r4")).toBeNull();
  });

  it("logs each run with its holder and outcome, failures included", async () => {
    let n = 0;
    const job: ScheduledJob = { name: "logged", everyMs: 1, leaseMs: 5_000, run: async () => { n++; if (n === 2) throw new Error("disk full"); return `run ${n}`; } };
    expect(await runIfDue(ds, "jobs_test", job, "a")).toBe(true);
    await waitFor(async () => runIfDue(ds, "jobs_test", job, "b"));
    const log: { holder: string; ok: boolean; detail: string }[] = await ds.query("SELECT holder, ok, detail FROM jobs_test.job_run_log WHERE job = 'logged' ORDER BY id");
    expect(log).toEqual([{ holder: "a", ok: true, detail: "run 1" }, { holder: "b", ok: false, detail: "disk full" }]);
  });

  it("two schedulers of one job never run it at the same time", async () => {
    let active = 0;
    let overlap = 0;
    let runs = 0;
    const job: ScheduledJob = { name: "busy", everyMs: 30, run: async () => {
      active++; runs++;
      if (active > 1) overlap++;
      await new Promise((r) => setTimeout(r, 20));
      active--;
    } };
    const stops = ["x", "y"].map((h) => scheduleJob(ds, "jobs_test", job, h));
    await waitFor(async () => runs >= 6);
    await Promise.all(stops.map((s) => s()));
    expect(overlap).toBe(0);
    const rows: { started_at: Date; finished_at: Date }[] = await ds.query("SELECT started_at, finished_at FROM jobs_test.job_run_log WHERE job = 'busy' ORDER BY started_at");
    for (let i = 1; i < rows.length; i++) expect(+rows[i].started_at).toBeGreaterThanOrEqual(+rows[i - 1].finished_at);
  });
});

async function waitFor(cond: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error("condition not met");
    await new Promise((r) => setTimeout(r, 10));
  }
}
