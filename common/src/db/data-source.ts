import "reflect-metadata";
import { DataSource, type MixedList, type EntitySchema } from "typeorm";
import { config } from "../config.js";
import { countSqlQueries } from "../metrics.js";
import { parseDatabaseUrl } from "./database-url.js";
import { multiHostClientClass, type HostState } from "./multi-host-client.js";

const hostStates = new Map<string, HostState>();

/** Where each multi-host URL's connections go now (shared by every pool of the process; tests and /readyz read it). */
export function databaseHostState(url: string): HostState | undefined {
  return hostStates.get(url);
}

/**
 * What node-postgres (directly or through TypeORM) needs to reach `url`: the URL itself for one host, or its first
 * host plus a `Client` class that finds the host with the wanted session for libpq-style multi-host URLs
 * (`postgres://u@a:5432,b:5432/hub?target_session_attrs=read-write`).
 */
export function postgresConnection(url: string): { url: string; extra: { Client?: unknown } } {
  const parsed = parseDatabaseUrl(url);
  if (parsed.hosts.length === 1 && parsed.targetSessionAttrs === "any") return { url: parsed.single, extra: {} };
  let state = hostStates.get(url);
  if (!state) hostStates.set(url, (state = { preferred: null, searches: 0 }));
  return { url: parsed.single, extra: { Client: multiHostClientClass(parsed, state) } };
}

export interface ServiceDataSourceOptions {
  /** PostgreSQL schema owned by the service (one per subgraph). */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  url?: string;
  poolSize?: number;
}

/** A TypeORM DataSource for one service, in its own PostgreSQL schema. Migrations, never `synchronize`. */
export function createDataSource(opts: ServiceDataSourceOptions): DataSource {
  countSqlQueries();
  const url = opts.url ?? config().databaseUrl;
  if (!url) throw new Error("no database URL: start the embedded database or set DATABASE_URL");
  const conn = postgresConnection(url);
  return new DataSource({
    type: "postgres",
    url: conn.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    poolSize: opts.poolSize ?? config().dbPoolSize,
    extra: { application_name: `hub-${opts.schema}`, connectionTimeoutMillis: config().dbConnectTimeoutMs, ...conn.extra },
    logging: false,
  });
}

/** Connect, make sure the service's schema exists, and run pending migrations. */
export async function initDataSource(ds: DataSource, runMigrations = true): Promise<DataSource> {
  if (!ds.isInitialized) await ds.initialize();
  const schema = (ds.options as { schema?: string }).schema;
  if (schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  if (runMigrations) await ds.runMigrations({ transaction: "each" });
  return ds;
}
