import { ConfigError, config, logger, shutdownTracing } from "@hub/common";
import { DEMO_IDENTITIES } from "./demo-identities.js";
import { startHub, type HubParts } from "./hub.js";
import { cli } from "./cli.js";

// `npm start -- --help` prints this and exits 0; any argument is refused (exit 2): the hub is configured by environment.
try {
  cli("npm start --", "Run the whole hub (gateway, subgraphs, embedded PostgreSQL with demo data unless DATABASE_URL is set)")
    .addHelpText("after", `
Configured by environment (validated at start-up, see common/src/config.ts and the README's Operations part):
  NODE_ENV, HOST, GATEWAY_PORT, <SUBGRAPH>_PORT, <SUBGRAPH>_URL, DATABASE_URL, PGLITE_DATA_DIR, PGLITE_PORT,
  JWT_SECRET, JWKS_URL, HUB_CONTEXT_SECRET, TRUST_PROXY, CORS_ORIGINS, LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT,
  SHUTDOWN_GRACE_MS, MAX_* limits, RATE_PER_SECOND, RATE_BURST, HUB_PARTS=all|subgraphs|gateway`)
    .parse(process.argv);
} catch (e) {
  process.exit((e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
}

/** `npm start`: the whole hub with demo data; prints URLs, a ready line and example tokens. Ctrl-C stops it. */
async function main(): Promise<void> {
  const cfg = config();
  const parts = (process.env.HUB_PARTS ?? "all") as HubParts;
  if (!["all", "subgraphs", "gateway"].includes(parts)) throw new ConfigError("HUB_PARTS must be all, subgraphs or gateway");
  const hub = await startHub(cfg, { reset: process.env.HUB_RESET_DB === "1", parts });
  const out = (s: string) => process.stderr.write(s + "\n");
  out("");
  out(`  gateway      ${hub.gatewayUrl}   (${cfg.env === "production" ? "no IDE in production" : "GraphQL IDE: open it in a browser"}; /healthz /readyz /metrics)`);
  for (const [name, url] of Object.entries(hub.subgraphUrls)) out(`  ${name.padEnd(12)} ${url}`);
  if (hub.databaseUrl) out(`  database     ${hub.embedded ? `embedded PGlite ${hub.databaseUrl}` : "DATABASE_URL"}${cfg.pgliteDataDir ? ` (data in ${cfg.pgliteDataDir})` : ""}`);
  out("");
  out("  example tokens:");
  for (const d of DEMO_IDENTITIES.slice(0, 4)) out(`    ${d.who.padEnd(44)} TOKEN=$(npm run -s token -- ${d.args})`);
  out("");
  // Machine-readable ready line (tests read it to learn the ports).
  process.stdout.write(`HUB READY ${JSON.stringify({ gateway: hub.gatewayUrl, subgraphs: hub.subgraphUrls, databaseUrl: hub.databaseUrl })}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: stopping the hub (in-flight requests get up to ${cfg.shutdownGraceMs} ms)…`);
    const limit = cfg.shutdownGraceMs + 10_000;
    const watchdog = setTimeout(() => {
      out(`the hub did not stop within ${limit} ms; exiting anyway`);
      process.exit(1);
    }, limit);
    await hub.stop();
    await shutdownTracing();
    clearTimeout(watchdog);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/** Configuration problems (a bad setting, a taken port) are one line; anything else too, unless LOG_LEVEL=debug. */
main().catch((e) => {
  if (e instanceof ConfigError) console.error(e.message);
  else {
    console.error(`the hub could not start: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") logger().error({ err: e }, "start-up failed");
  }
  process.exit(1);
});
