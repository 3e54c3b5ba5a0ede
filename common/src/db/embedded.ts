import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

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
export async function startEmbeddedPostgres(opts: { port: number; host?: string; dataDir?: string; maxConnections?: number }): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const host = opts.host ?? "127.0.0.1";
  const server = new PGLiteSocketServer({ db, port: opts.port, host, maxConnections: opts.maxConnections ?? 100 });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
