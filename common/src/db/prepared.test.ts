import { afterAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { detectPreparedStatements, prepared, preparedStatementsEnabled } from "./prepared.js";

const postgres = { query: async () => [{ v: "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc 12.2.0, 64-bit" }] };

describe("prepared statements", () => {
  const lite = new PGlite();
  afterAll(async () => { await lite.close(); });

  it("are off on the embedded PGlite (one session shared by every connection): the text goes as it is", async () => {
    expect(await detectPreparedStatements({ query: async (sql: string) => (await lite.query(sql)).rows })).toBe(false);
    expect(prepared("SELECT 1")).toBe("SELECT 1");
  });

  it("on PostgreSQL a fixed text becomes a named statement; one name per text, never one name for two texts", async () => {
    expect(await detectPreparedStatements(postgres)).toBe(true);
    expect(preparedStatementsEnabled()).toBe(true);
    const a = prepared("SELECT $1::text") as unknown as { name: string; text: string };
    const b = prepared("SELECT $1::int") as unknown as { name: string; text: string };
    expect(a).toEqual({ name: expect.stringMatching(/^hub_[0-9a-f]{20}$/), text: "SELECT $1::text" });
    expect(prepared("SELECT $1::text")).toEqual(a);
    expect(b.name).not.toBe(a.name);
    await detectPreparedStatements({ query: async () => [] }); // no answer: assume the embedded database
    expect(prepared("SELECT 1")).toBe("SELECT 1");
    expect(await detectPreparedStatements(postgres, false)).toBe(false); // DB_PREPARED_STATEMENTS=false (a pooler)
    expect(prepared("SELECT 1")).toBe("SELECT 1");
  });
});
