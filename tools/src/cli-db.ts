import { DataSource } from "typeorm";
import { config } from "@hub/common";

/** The hub database for a command-line tool: DATABASE_URL, or the running hub's embedded database on PGLITE_PORT. */
export function openCliDataSource(poolSize: number): Promise<DataSource> {
  const cfg = config();
  const url = cfg.databaseUrl ?? `postgres://postgres@127.0.0.1:${cfg.pglitePort}/postgres?sslmode=disable`;
  return new DataSource({ type: "postgres", url, poolSize }).initialize();
}
