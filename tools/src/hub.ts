import "reflect-metadata";
import { buildFederatedSchema, detectPreparedStatements, serveSubgraph, setConfig, type HubConfig, type RunningService } from "@hub/common";
import { startGateway } from "@hub/gateway";
import { audit, enforcement, initPolicyEngine } from "@hub/policies";
import { prepareDatabase } from "./database.js";
import { SERVICES } from "./services.js";

export type HubParts = "all" | "subgraphs" | "gateway";

export interface HubOptions {
  /** Run everything (default), only the subgraphs (with the database), or only the gateway (subgraph URLs from config). */
  parts?: HubParts;
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

/**
 * Start the whole hub in this process: the database (see prepareDatabase), every subgraph on its own HTTP port,
 * then the gateway. Each part can also be run as its own process behind a load balancer (see README).
 */
export async function startHub(cfg: HubConfig, opts: HubOptions = {}): Promise<Hub> {
  if (opts.parts === "gateway") {
    const gw = await startGateway(cfg);
    return { gatewayUrl: gw.url, subgraphUrls: { ...cfg.subgraphUrls }, databaseUrl: "", embedded: false, stop: () => gw.stop() };
  }
  const db = await prepareDatabase(cfg, opts);
  const config = { ...cfg, databaseUrl: db.databaseUrl };
  setConfig(config);
  const running: RunningService[] = [];
  const jobs: (() => void | Promise<void>)[] = [];
  const stop = async () => {
    await Promise.all(jobs.map((j) => Promise.resolve(j()).catch(() => undefined)));
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
    await db.close();
  };
  try {
    await detectPreparedStatements(db.sources[0], config.dbPreparedStatements);
    await initPolicyEngine(db.sources[0], { enforce: !config.benchNoEnforcement });
    const urls: Record<string, string> = {};
    for (const [i, s] of SERVICES.entries()) {
      const schema = await buildFederatedSchema(s.definition, enforcement);
      const svc = await serveSubgraph({
        name: s.name, schema, port: config.subgraphPorts[s.name], dataSource: db.sources[i], beforeResponse: () => audit().flush(), routes: s.routes, contextRoutes: s.contextRoutes,
        authorizeOperation: enforcement.authorizeOperation,
      });
      running.push(svc);
      urls[s.name] = svc.url;
      if (s.background) jobs.push(s.background(db.sources[i]));
    }
    const withUrls = { ...config, subgraphUrls: { ...config.subgraphUrls, ...urls } as HubConfig["subgraphUrls"] };
    setConfig(withUrls);
    if (opts.parts !== "subgraphs") running.push(await startGateway(withUrls));
    return { gatewayUrl: opts.parts === "subgraphs" ? "" : running[running.length - 1].url, subgraphUrls: urls, databaseUrl: db.databaseUrl, embedded: db.embedded !== undefined, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
