import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { readSupergraph } from "@hub/gateway";

/**
 * Benchmark variant (c): a plain @apollo/gateway in front of the same subgraphs, without any of the hub's gateway
 * code (no token verification, no signing, no depth limit). It passes the client's x-hub-context header through,
 * so the subgraphs (which always enforce) still accept the calls.
 */
class PassThrough extends RemoteGraphQLDataSource<{ hubContext?: string }> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ hubContext?: string }>): void {
    if (context?.hubContext) request.http?.headers.set("x-hub-context", context.hubContext);
  }
}

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? "{}") as Record<string, string>;
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: readSupergraph(), buildService: ({ name }) => new PassThrough({ url: urls[name] }) }),
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ hubContext: req.headers["x-hub-context"] as string | undefined }),
  });
  process.stdout.write(`PLAIN READY ${url}\n`);
  process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
