import { DataSource } from "typeorm";
import { config, postgresConnection } from "@hub/common";

/**
 * The hub database for a command-line tool: DATABASE_URL (one host or several, libpq form), or the running hub's
 * embedded database on PGLITE_PORT.
 */
export function openCliDataSource(poolSize: number): Promise<DataSource> {
  const cfg = config();
  const conn = postgresConnection(cfg.databaseUrl ?? `postgres://postgres@127.0.0.1:${cfg.pglitePort}/postgres?sslmode=disable`);
  return new DataSource({ type: "postgres", url: conn.url, extra: conn.extra, poolSize }).initialize();
}
