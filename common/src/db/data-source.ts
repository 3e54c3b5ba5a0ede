import "reflect-metadata";
import { DataSource, type MixedList, type EntitySchema } from "typeorm";
import { config } from "../config.js";
import { countSqlQueries } from "../metrics.js";

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
  return new DataSource({
    type: "postgres",
    url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    poolSize: opts.poolSize ?? config().dbPoolSize,
    extra: { application_name: `hub-${opts.schema}`, connectionTimeoutMillis: config().dbConnectTimeoutMs },
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
