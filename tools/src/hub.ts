import "reflect-metadata";
import type { DataSource } from "typeorm";
import {
  buildFederatedSchema, createDataSource, initDataSource, logger, registerDataSource, serveSubgraph, setConfig,
  startEmbeddedPostgres, type EmbeddedPostgres, type HubConfig, type RunningService,
} from "@hub/common";
import { startGateway } from "@hub/gateway";
import { enforcement, initPolicyEngine } from "@hub/policies";
import { SERVICES } from "./services.js";

export interface HubOptions {
  /** Drop every hub schema first (tests; refused in production). */
  reset?: boolean;
  seed?: boolean;
}

export interface Hub {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  databaseUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

async function resetSchemas(ds: DataSource): Promise<void> {
  for (const s of SERVICES) await ds.query(`DROP SCHEMA IF EXISTS "${s.dbSchema}" CASCADE`);
}

/**
 * Start the whole hub in this process: the database (embedded PGlite over the wire protocol unless DATABASE_URL
 * is set), migrations, demo data when empty, every subgraph on its own HTTP port, then the gateway.
 */
export async function startHub(cfg: HubConfig, opts: HubOptions = {}): Promise<Hub> {
  const log = logger("hub");
  if (opts.reset && cfg.env === "production") throw new Error("refusing to reset the database in production");
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = cfg.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ port: cfg.pglitePort, dataDir: cfg.pgliteDataDir });
    databaseUrl = embedded.url;
    log.info({ url: databaseUrl, dataDir: cfg.pgliteDataDir ?? "(in memory)" }, "embedded PostgreSQL (PGlite) listening");
  }
  const config = { ...cfg, databaseUrl };
  setConfig(config);
  const sources: DataSource[] = [];
  const running: RunningService[] = [];
  const stop = async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
    for (const ds of sources) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };
  try {
    for (const s of SERVICES) {
      const ds = createDataSource({ schema: s.dbSchema, entities: s.entities, migrations: s.migrations, url: databaseUrl });
      sources.push(ds);
      await ds.initialize();
      if (opts.reset && s === SERVICES[0]) await resetSchemas(ds);
      await initDataSource(ds);
      registerDataSource(s.name, ds);
    }
    const [first] = sources;
    const empty = Number(((await first.query(`SELECT count(*)::int AS n FROM consent.organizations`)) as { n: number }[])[0].n) === 0;
    if (empty && opts.seed !== false) {
      for (const [i, s] of SERVICES.entries()) await s.seed?.(sources[i]);
      log.info("seeded demo data");
    }
    await initPolicyEngine(first);
    const urls: Record<string, string> = {};
    for (const [i, s] of SERVICES.entries()) {
      const schema = await buildFederatedSchema(s.definition, enforcement);
      const svc = await serveSubgraph({ name: s.name, schema, port: config.subgraphPorts[s.name], dataSource: sources[i] });
      running.push(svc);
      urls[s.name] = svc.url;
    }
    const withUrls = { ...config, subgraphUrls: { ...config.subgraphUrls, ...urls } as HubConfig["subgraphUrls"] };
    setConfig(withUrls);
    const gw = await startGateway(withUrls);
    running.push(gw);
    return { gatewayUrl: gw.url, subgraphUrls: urls, databaseUrl, embedded: embedded !== undefined, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
