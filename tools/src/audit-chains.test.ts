import { Socket } from "node:net";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, setConfig } from "@hub/common";
import { AuditStore, type AuditEventInput } from "@hub/policies";
import { prepareDatabase, type PreparedDatabase } from "./database.js";

/**
 * The audit trail as per-patient hash chains appended in one statement (issue #23): two stores on separate
 * connection pools stand for two replicas. On PostgreSQL (when one answers on 127.0.0.1:5432, in a database of
 * this test's own) it also shows that appends for different patients never wait on each other.
 */
const ADMIN = "postgres://postgres@127.0.0.1:5432/postgres";
const reachable = () => new Promise<boolean>((r) => {
  const s = new Socket();
  s.setTimeout(1000);
  s.once("connect", () => { s.destroy(); r(true); });
  s.once("error", () => r(false));
  s.once("timeout", () => { s.destroy(); r(false); });
  s.connect(5432, "127.0.0.1");
});
const ev = (patientId: string | null, n: number): AuditEventInput => ({
  at: new Date(), eventType: "access", requestId: `R-${patientId}-${n}`, actorSub: "D-001", actorRole: "doctor", actorOrg: "1310000002",
  purpose: "TREAT", patientId, category: "condition", recordIds: [`${patientId}-r${n}`], decision: n % 3 ? "ALLOW" : "DENY", rule: "consent",
  detail: { list: true, flags: { n }, basis: { allowed: true, rule: "consent" } },
});
const waitFor = async (ok: () => boolean, ms = 30_000) => { const end = Date.now() + ms; while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20)); return ok(); };

describe("audit trail: per-patient chains, one statement per batch", () => {
  let db: PreparedDatabase;
  let ownDb: string | null = null;
  let a: AuditStore;
  let b: AuditStore;
  const q = (sql: string, p: unknown[] = []) => db.sources[0].query(sql, p);

  beforeAll(async () => {
    let url: string | undefined;
    if (await reachable()) {
      ownDb = `hub_audit_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: ADMIN });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${ownDb}`);
      await admin.end();
      url = `postgres://postgres@127.0.0.1:5432/${ownDb}`;
    }
    const cfg = loadConfig({ PGLITE_PORT: "0", ...(url ? { DATABASE_URL: url } : {}) });
    setConfig(cfg);
    db = await prepareDatabase(cfg, { seed: false });
    a = new AuditStore(db.sources[0]);
    b = new AuditStore(db.sources[1]);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    if (ownDb) {
      const admin = new pg.Client({ connectionString: ADMIN });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${ownDb}`); // only the database this test created
      await admin.end();
    }
  });

  it("concurrent appends from two replicas form intact chains, each patient's in time order", async () => {
    const patients = Array.from({ length: 20 }, (_, i) => `P-AC-${i}`);
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).append([ev(patients[i % 20], i), ev(null, i)])));
    const r = await a.verify();
    expect(r).toMatchObject({ brokenAt: null });
    expect(r.events).toBeGreaterThanOrEqual(400);
    const rows = await q(`SELECT chain, chain_pos::int AS pos, at FROM consent.audit_events WHERE patient_id = $1 ORDER BY seq`, [patients[3]]) as { chain: string; pos: number; at: Date }[];
    expect(rows.map((x) => x.pos)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(new Set(rows.map((x) => x.chain))).toEqual(new Set([`p:${patients[3]}`]));
    const times = rows.map((x) => new Date(x.at).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it("batches naming the same chains in opposite orders, from two replicas, all commit (heads are locked in chain order)", async () => {
    const [x, y, z] = ["P-AC-X", "P-AC-Y", "P-AC-Z"];
    const batches = Array.from({ length: 60 }, (_, i) => {
      const order = i % 3 === 0 ? [x, y, z] : i % 3 === 1 ? [z, y, x] : [y, z, x];
      return (i % 2 ? a : b).append(order.map((p) => ev(p, i)));
    });
    await Promise.all(batches);
    for (const p of [x, y, z]) {
      const [{ n, head }] = await q(`SELECT count(*)::int AS n, (SELECT pos::int FROM consent.audit_heads WHERE chain = $2) AS head FROM consent.audit_events WHERE patient_id = $1`, [p, `p:${p}`]) as { n: number; head: number }[];
      expect({ n, head }).toEqual({ n: 60, head: 60 });
    }
    expect((await a.verify()).brokenAt).toBeNull();
  });

  it("appends to a patient's chain made while one is being written go together: one statement, one commit", async () => {
    const first = a.append([ev("P-AC-HOT", 0)]);
    // Queued while the first is in flight: they wait for it instead of each taking the chain's head lock in turn.
    const rest = Array.from({ length: 9 }, (_, i) => a.append([ev("P-AC-HOT", i + 1)]));
    const other = a.append([ev("P-AC-COLD", 1)]);
    await Promise.all([first, ...rest, other]);
    const rows = await q(`SELECT xmin::text AS tx, chain_pos::int AS pos, request_id FROM consent.audit_events WHERE patient_id = 'P-AC-HOT' ORDER BY chain_pos`) as { tx: string; pos: number; request_id: string }[];
    expect(rows.map((r) => r.request_id)).toEqual(Array.from({ length: 10 }, (_, i) => `R-P-AC-HOT-${i}`)); // queue order
    expect(new Set(rows.map((r) => r.tx)).size).toBe(2); // the first alone, the nine others in one transaction
    const [cold] = await q(`SELECT xmin::text AS tx FROM consent.audit_events WHERE patient_id = 'P-AC-COLD'`) as { tx: string }[];
    expect(rows.map((r) => r.tx)).not.toContain(cold.tx); // another patient went at once, not held for the busy chain's batch
    expect((await a.verify()).brokenAt).toBeNull();
  });

  it("detects altered content and a removed tail, naming the event", async () => {
    await a.append([ev("P-AC-T", 1), ev("P-AC-T", 2)]);
    const [first] = await q(`SELECT seq, rule FROM consent.audit_events WHERE patient_id = 'P-AC-T' ORDER BY chain_pos LIMIT 1`) as { seq: string; rule: string }[];
    await q(`ALTER TABLE consent.audit_events DISABLE TRIGGER audit_no_update`);
    try {
      await q(`UPDATE consent.audit_events SET rule = 'tampered' WHERE seq = $1`, [first.seq]);
      expect(await a.verify()).toMatchObject({ brokenAt: Number(first.seq), reason: "event content was altered" });
      await q(`UPDATE consent.audit_events SET rule = $2 WHERE seq = $1`, [first.seq, first.rule]);
      expect((await a.verify()).brokenAt).toBeNull();
      const [last] = await q(`SELECT seq, row_to_json(e) AS row FROM consent.audit_events e WHERE patient_id = 'P-AC-T' ORDER BY chain_pos DESC LIMIT 1`) as { seq: string; row: Record<string, unknown> }[];
      await q(`DELETE FROM consent.audit_events WHERE seq = $1`, [last.seq]);
      const broken = await a.verify();
      expect(broken.brokenAt).toBe(Number(first.seq));
      expect(broken.reason).toMatch(/does not end at its head/);
      await q(`INSERT INTO consent.audit_events SELECT * FROM json_populate_record(NULL::consent.audit_events, $1)`, [JSON.stringify(last.row)]);
    } finally {
      await q(`ALTER TABLE consent.audit_events ENABLE TRIGGER audit_no_update`);
    }
    expect((await a.verify()).brokenAt).toBeNull();
  });

  it("an append for one patient never waits for another patient's open append (no hub-wide lock)", async (ctx) => {
    if (!ownDb) ctx.skip(); // the embedded database serves one session at a time
    const tx = await db.sources[0].createQueryRunner();
    await tx.connect();
    await tx.startTransaction();
    try {
      await a.appendWith({ query: (s, p) => tx.query(s, p as unknown[]) }, [ev("P-AC-LOCKED", 1)]);
      let other = false;
      let same = false;
      void b.append([ev("P-AC-FREE", 1), ev(null, 7)]).then(() => { other = true; });
      void b.append([ev("P-AC-LOCKED", 2)]).then(() => { same = true; });
      expect(await waitFor(() => other)).toBe(true);
      expect(same).toBe(false); // the same patient's chain waits for the open transaction, and only that chain
      await tx.commitTransaction();
      expect(await waitFor(() => same)).toBe(true);
    } finally {
      if (tx.isTransactionActive) await tx.rollbackTransaction();
      await tx.release();
    }
    expect((await a.verify()).brokenAt).toBeNull();
  });
});
