import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { readSupergraph } from "@hub/gateway";
import { CLAIMS_HEADER, claimsOf, signFor, withUrls } from "./peer-signing.js";

/**
 * Benchmark peer (h): Hive Gateway's runtime (`@graphql-hive/gateway-runtime`, the engine of `@graphql-hive/gateway`,
 * which supports Node ≥ 20) with its defaults, on Node's HTTP server, in front of the same subgraphs and the same
 * supergraph. Like the hub gateway it signs a hub context per subgraph call, bound to that call's query and variables.
 * One default is switched off: the HTTP executor deduplicates identical in-flight subgraph queries, keyed on URL and
 * body only (headers set by a plugin, such as the context signed per request, are not in the key), so one caller's
 * answer would be handed to every other caller who sent the same query meanwhile. In a hub whose subgraphs decide per
 * caller that is a leak, and in the bench it measured one subgraph call per several requests.
 */
const signing: GatewayPlugin = {
  onFetch({ options, setOptions, context }) {
    const claims = claimsOf((context as { request?: Request }).request?.headers.get(CLAIMS_HEADER));
    if (!claims || typeof options.body !== "string") return;
    const body = JSON.parse(options.body) as { query: string; variables?: unknown };
    setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), "x-hub-context": signFor(claims, body.query, body.variables) } });
  },
};

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? "{}") as Record<string, string>;
  const gateway = createGatewayRuntime({
    supergraph: withUrls(readSupergraph(), urls),
    plugins: () => [signing],
    transportEntries: { "*.http": { options: { deduplicateInflightRequests: false } } },
    logging: false,
    graphiql: false,
    landingPage: false,
  });
  const server = createServer(gateway);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  process.stdout.write(`HIVE READY http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
  process.on("SIGTERM", () => { server.close(); void Promise.resolve(gateway.dispose()).then(() => process.exit(0)); });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
