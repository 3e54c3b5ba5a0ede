import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.js";

let embedded: EmbeddedPostgres;
beforeAll(async () => { embedded = await startEmbeddedPostgres({ port: 0 }); });
afterAll(async () => { await embedded.stop(); });

describe("PGlite over the wire protocol with many connections", () => {
  it("keeps concurrent parameterised queries of 30 connections apart (no interleaved Parse/Bind)", async () => {
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: embedded.url, max: 5 }));
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) =>
      pools[i % 6].query("SELECT $1::int + $2::int AS s, $3::text AS t", [i, 1, `x${i}`]).then((r) => r.rows[0].s === i + 1 && r.rows[0].t === `x${i}`)));
    await Promise.all(pools.map((p) => p.end()));
    expect(results.filter(Boolean)).toHaveLength(600);
  });

  it("isolates a transaction: other connections wait for it, and a rollback undoes only its own work", async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    const b = new pg.Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    await a.query("CREATE TABLE IF NOT EXISTS t_iso (v text)");
    await a.query("BEGIN");
    await a.query("INSERT INTO t_iso VALUES ($1)", ["from-a"]);
    const bInsert = b.query("INSERT INTO t_iso VALUES ($1)", ["from-b"]);
    await a.query("ROLLBACK");
    await bInsert;
    const { rows } = await b.query("SELECT v FROM t_iso ORDER BY v");
    expect(rows.map((r) => r.v)).toEqual(["from-b"]);
    await Promise.all([a.end(), b.end()]);
  });

  it("rolls back a transaction left open by a connection that disappears", async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    await a.connect();
    await a.query("CREATE TABLE IF NOT EXISTS t_gone (v text)");
    await a.query("BEGIN");
    await a.query("INSERT INTO t_gone VALUES ('orphan')");
    a.on("error", () => undefined);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const b = new pg.Client({ connectionString: embedded.url });
    await b.connect();
    const { rows } = await b.query("SELECT count(*)::int AS n FROM t_gone");
    expect(rows[0].n).toBe(0);
    await b.end();
  });
});
