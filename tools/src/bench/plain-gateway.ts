import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import type { HubContextClaims } from "@hub/common";
import { newApolloGateway, readSupergraph } from "@hub/gateway";
import { CLAIMS_HEADER, claimsOf, signFor } from "./peer-signing.js";

/**
 * Benchmark peer (c): a plain @apollo/gateway with its defaults in front of the same subgraphs, without any of the
 * hub's gateway code (no token verification, no trust registry, no limits). Like the hub gateway it signs a hub
 * context per subgraph call, bound to that call (see peer-signing.ts). One default is turned off, as in the hub: the
 * library's usage meter, which probes cloud metadata servers and exports to Apollo (SECURITY.md): the peer is built by
 * the same `newApolloGateway`, so both gateways do the same work per request.
 */
class Signing extends RemoteGraphQLDataSource<{ claims?: HubContextClaims }> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ claims?: HubContextClaims }>): void {
    if (context?.claims) request.http?.headers.set("x-hub-context", signFor(context.claims, request.query ?? "", request.variables));
  }
}

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? "{}") as Record<string, string>;
  const server = new ApolloServer({
    gateway: newApolloGateway({ supergraphSdl: readSupergraph(), buildService: ({ name }) => new Signing({ url: urls[name] }) }),
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ claims: claimsOf(req.headers[CLAIMS_HEADER]) }),
  });
  process.stdout.write(`PLAIN READY ${url}\n`);
  process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
