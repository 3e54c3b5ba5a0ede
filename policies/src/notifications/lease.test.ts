import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { setAttributeContext } from "../attributes/context.js";
import { acquireLease, releaseLease } from "./lease.js";

/** Two replicas of the delivery job share one lease row: only its holder works, until it lapses or is given up. */
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`CREATE SCHEMA consent; CREATE TABLE consent.job_leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)`);
  const q = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params as unknown[])).rows };
  setAttributeContext({ db: q, transaction: (fn) => fn(q), appendAudit: async () => undefined, forget: () => undefined });
}, 60_000);
afterAll(async () => { await db?.close(); });

describe("the job lease", () => {
  it("goes to one replica at a time, is renewed by its holder, taken over when it lapses or is released", async () => {
    expect(await acquireLease("webhook-delivery", "replica-a", 60_000)).toBe(true);
    expect(await acquireLease("webhook-delivery", "replica-b", 60_000)).toBe(false);
    expect(await acquireLease("webhook-delivery", "replica-a", 60_000)).toBe(true); // renewal
    await db.query(`UPDATE consent.job_leases SET expires_at = now() - interval '1 second'`); // replica-a died
    expect(await acquireLease("webhook-delivery", "replica-b", 60_000)).toBe(true);
    expect(await acquireLease("webhook-delivery", "replica-a", 60_000)).toBe(false);
    await releaseLease("webhook-delivery", "replica-b");
    expect(await acquireLease("webhook-delivery", "replica-a", 60_000)).toBe(true);
    // Many replicas racing for a free lease: exactly one wins.
    await releaseLease("webhook-delivery", "replica-a");
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease("webhook-delivery", `r${i}`, 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
