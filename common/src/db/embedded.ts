import { PGlite } from "@electric-sql/pglite";
import { PGliteWireServer } from "./pglite-server.js";
import { ConfigError } from "../config.js";

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PGlite served over the PostgreSQL wire protocol on a loopback port, so every service reaches it through `pg`
 * exactly as it would reach a server. `dataDir` keeps data across restarts; without it the database is in memory.
 * Port 0 picks a free port (tests).
 */
export async function startEmbeddedPostgres(opts: { port: number; host?: string; dataDir?: string }): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const host = opts.host ?? "127.0.0.1";
  const server = new PGliteWireServer(db);
  const port = await server.listen(opts.port, host).catch(async (e: NodeJS.ErrnoException) => {
    await db.close();
    if (e.code === "EADDRINUSE") throw new ConfigError(`PGLITE_PORT ${opts.port} on ${host} is already in use (is another hub running? choose another port)`);
    throw e;
  });
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
