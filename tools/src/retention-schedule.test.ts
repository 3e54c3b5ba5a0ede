import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, setConfig } from "@hub/common";
import { retentionTick } from "@hub/documents";
import { prepareDatabase, type PreparedDatabase } from "./database.js";

const DAY = 86_400_000;

/** Retention inside the hub: due once per interval, one run at a time across processes (two data sources here). */
describe("scheduled retention", () => {
  let db: PreparedDatabase;
  const cfg = loadConfig({ PGLITE_PORT: "0" });
  beforeAll(async () => {
    setConfig(cfg);
    db = await prepareDatabase(cfg, { seed: true });
  }, 60_000);
  afterAll(async () => { await db?.close(); });

  it("runs when the interval has passed since start or the last run, not before, and only once when two processes look at the same time", async () => {
    const [a, b] = [db.sources[0], db.sources[1] ?? db.sources[0]];
    const runs = async () => Number((await a.query(`SELECT count(*) FROM documents.jobs WHERE kind = 'retention' AND NOT dry_run`))[0].count);
    const before = await runs();
    expect(await retentionTick(a, 24 * 60, new Date())).toBeNull();
    const longAgo = new Date(Date.now() - 2 * DAY);
    const both = await Promise.all([retentionTick(a, 24 * 60, longAgo), retentionTick(b, 24 * 60, longAgo)]);
    expect(both.filter((r) => r !== null)).toHaveLength(1);
    expect(await runs()).toBe(before + 1);
    expect(await retentionTick(a, 24 * 60, longAgo)).toBeNull();
    expect(await runs()).toBe(before + 1);
  });
});
