import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { parseDatabaseUrl } from "./database-url.js";
import { postgresConnection, databaseHostState } from "./data-source.js";

describe("DATABASE_URL with several hosts (libpq form)", () => {
  it("parses hosts, ports, credentials, database and target_session_attrs, and refuses what libpq refuses", () => {
    const u = parseDatabaseUrl("postgres://hub:s%40cret@db-a:6001,db-b,[::1]:6003/hub?target_session_attrs=read-write&sslmode=disable");
    expect(u.hosts).toEqual([{ host: "db-a", port: 6001 }, { host: "db-b", port: 5432 }, { host: "::1", port: 6003 }]);
    expect([u.user, u.password, u.database, u.targetSessionAttrs]).toEqual(["hub", "s@cret", "hub", "read-write"]);
    expect(u.single).toBe("postgres://hub:s%40cret@db-a:6001/hub?sslmode=disable");
    expect(u.forHost(u.hosts[2])).toBe("postgres://hub:s%40cret@[::1]:6003/hub?sslmode=disable");
    expect(() => parseDatabaseUrl("postgres://a:1,b:99999/x")).toThrow(/invalid port/);
    expect(() => parseDatabaseUrl("postgres://a/x?target_session_attrs=standby-ish")).toThrow(/target_session_attrs/);
    expect(() => parseDatabaseUrl("mysql://a/x")).toThrow(/postgres/);
  });

  describe("against the local PostgreSQL", () => {
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    const db = `hub_dburl_${process.pid}_${Date.now()}`;
    let up = true;
    beforeAll(async () => {
      try { await admin.connect(); await admin.query(`CREATE DATABASE ${db}`); } catch { up = false; }
    });
    afterAll(async () => {
      if (up) await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    });

    it("skips a host that refuses and connects to the writable one, remembering it", async (t) => {
      if (!up) t.skip();
      const refused = await freePort();
      const url = `postgres://postgres@127.0.0.1:${refused},127.0.0.1:5432/${db}?target_session_attrs=read-write`;
      const conn = postgresConnection(url);
      const Client = conn.extra.Client as typeof pg.Client;
      const pool = new pg.Pool({ connectionString: conn.url, Client, max: 2 });
      const { rows } = await pool.query("SELECT current_database() AS d, inet_server_port() AS p");
      expect(rows[0]).toEqual({ d: db, p: 5432 });
      expect(databaseHostState(url)?.preferred).toEqual({ host: "127.0.0.1", port: 5432 });
      await pool.end();
    });

    it("says which hosts it tried when none is writable", async (t) => {
      if (!up) t.skip();
      const a = await freePort();
      const conn = postgresConnection(`postgres://postgres@127.0.0.1:${a}/${db}?target_session_attrs=read-write`);
      const c = new (conn.extra.Client as typeof pg.Client)({ connectionString: conn.url });
      await expect(c.connect()).rejects.toThrow(`no read-write PostgreSQL host among 127.0.0.1:${a}`);
    });
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
