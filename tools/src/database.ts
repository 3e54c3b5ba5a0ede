import "reflect-metadata";
import type { DataSource } from "typeorm";
import {
  createDataSource, initDataSource, logger, registerDataSource, startEmbeddedPostgres, type EmbeddedPostgres, type HubConfig,
} from "@hub/common";
import { institutionCount } from "@hub/consent";
import { SERVICES } from "./services.js";

/** Session advisory lock held while one process migrates and seeds (any constant unique to the hub). */
const MIGRATION_LOCK = 727_024;

export interface PreparedDatabase {
  databaseUrl: string;
  embedded: EmbeddedPostgres | undefined;
  /** One DataSource per service, in SERVICES order. */
  sources: DataSource[];
  seeded: boolean;
  close(): Promise<void>;
}

/**
 * The database side of start-up: embedded PGlite over the wire protocol unless DATABASE_URL is set, every
 * service's schema and migrations, and the demo data when the database is empty (never in production).
 */
export async function prepareDatabase(cfg: HubConfig, opts: { reset?: boolean; seed?: boolean } = {}): Promise<PreparedDatabase> {
  const log = logger("hub");
  if (opts.reset && cfg.env === "production") throw new Error("refusing to reset the database in production");
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = cfg.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ port: cfg.pglitePort, dataDir: cfg.pgliteDataDir });
    databaseUrl = embedded.url;
    log.info({ url: databaseUrl, dataDir: cfg.pgliteDataDir ?? "(in memory)" }, "embedded PostgreSQL (PGlite) listening");
  }
  const sources: DataSource[] = [];
  const close = async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };
  try {
    for (const s of SERVICES) {
      const ds = createDataSource({ schema: s.dbSchema, entities: s.entities, migrations: s.migrations, url: databaseUrl });
      sources.push(ds);
      await ds.initialize();
    }
    // Replicas start together (a rolling deployment, the scale test): one at a time migrates and seeds, the
    // others wait on this session lock and then find the migrations done and the registry filled.
    const lock = sources[0].createQueryRunner();
    await lock.connect();
    let seeded = false;
    try {
      await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      if (opts.reset) for (const x of SERVICES) await sources[0].query(`DROP SCHEMA IF EXISTS "${x.dbSchema}" CASCADE`);
      for (const [i, s] of SERVICES.entries()) {
        await initDataSource(sources[i]);
        registerDataSource(s.name, sources[i]);
      }
      const institutions = await institutionCount();
      if (institutions === 0 && opts.seed !== false && cfg.env === "production") {
        // Demo patients in a production registry would be read as real people: production never seeds.
        log.warn("the database is empty; production does not load demo data (register institutions with registerInstitution)");
      } else if (institutions === 0 && opts.seed !== false) {
        for (const [i, s] of SERVICES.entries()) await s.seed?.(sources[i]);
        seeded = true;
        log.info("seeded demo data");
      }
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
      await lock.release();
    }
    return { databaseUrl, embedded, sources, seeded, close };
  } catch (e) {
    await close();
    throw e;
  }
}
