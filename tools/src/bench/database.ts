import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import pg from "pg";

const SERVER = "postgres://postgres@127.0.0.1:5432";

/**
 * A database of this run's own on the local PostgreSQL (a fresh name each run), dropped at the end: a bench never
 * touches, let alone drops, a database it did not create, so runs of several people on one server coexist.
 */
export async function ownDatabase(): Promise<{ url: string; version: string; drop(): Promise<void> } | null> {
  const up = await new Promise<boolean>((r) => { const s = new Socket(); s.setTimeout(1000); s.once("connect", () => { s.destroy(); r(true); }); s.once("error", () => r(false)); s.once("timeout", () => { s.destroy(); r(false); }); s.connect(5432, "127.0.0.1"); });
  if (!up) return null;
  const name = `hub_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const [{ server_version }] = (await admin.query("SHOW server_version")).rows as { server_version: string }[];
    return {
      url: `${SERVER}/${name}`, version: server_version,
      drop: async () => {
        const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); // this run's own name only
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}
