import "reflect-metadata";
import type { DataSource } from "typeorm";
import {
  createDataSource, initDataSource, logger, registerDataSource, startEmbeddedPostgres, type EmbeddedPostgres, type HubConfig,
} from "@hub/common";
import { institutionCount } from "@hub/consent";
import { SERVICES } from "./services.js";

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
      if (opts.reset && sources.length === 1) {
        for (const x of SERVICES) await ds.query(`DROP SCHEMA IF EXISTS "${x.dbSchema}" CASCADE`);
      }
      await initDataSource(ds);
      registerDataSource(s.name, ds);
    }
    let seeded = false;
    const institutions = await institutionCount();
    if (institutions === 0 && opts.seed !== false && cfg.env === "production") {
      // Demo patients in a production registry would be read as real people: production never seeds.
      log.warn("the database is empty; production does not load demo data (register institutions with registerInstitution)");
    } else if (institutions === 0 && opts.seed !== false) {
      for (const [i, s] of SERVICES.entries()) await s.seed?.(sources[i]);
      seeded = true;
      log.info("seeded demo data");
    }
    return { databaseUrl, embedded, sources, seeded, close };
  } catch (e) {
    await close();
    throw e;
  }
}
