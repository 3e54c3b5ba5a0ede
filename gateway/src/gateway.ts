import type { Server } from "node:http";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import {
  HUB_CONTEXT_HEADER, close, createHttpApp, formatError, listen, logger, sendJson, signHubContext, type HubConfig, type RunningService,
} from "@hub/common";
import { createVerifier } from "./auth.js";
import { requestAuthenticator, signContext } from "./request-auth.js";
import { fhirProxy } from "./fhir-proxy.js";
import { aliasLimit } from "./limits/alias-limit.js";
import { costLimit } from "./limits/cost-limit.js";
import { depthLimit } from "./limits/depth-limit.js";
import { RateLimiter } from "./limits/rate-limit.js";
import { readSupergraph } from "./compose.js";
import { consoleRoutes } from "./admin/routes.js";
import { attachmentsProxy } from "./attachments-proxy.js";
import { TrustStore } from "./trust/trust-store.js";
import { TOKEN_PATH, tokenEndpoint } from "./oauth/token-endpoint.js";
import { developerRoutes } from "./developers/routes.js";

interface GatewayContext {
  hubContext: string;
  requestId: string;
}

/** Every response carries its request id (`extensions.requestId`): the key of its audit events and logs. */
const requestIdPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === "single" && contextValue.requestId) {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, requestId: contextValue.requestId };
        }
      },
    };
  },
};

/** Forwards the signed hub context to every subgraph call, `_entities` included. */
class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.hubContext) request.http?.headers.set(HUB_CONTEXT_HEADER, context.hubContext);
  }
}

/**
 * The gateway: verifies the caller's token, builds the request context, signs it for the subgraphs and plans
 * queries over the checked-in supergraph. It is a coarse gate; every decision on patient data is taken again in
 * the subgraphs.
 */
export async function startGateway(cfg: HubConfig, opts: { supergraphSdl?: string; port?: number } = {}): Promise<RunningService> {
  const log = logger("gateway");
  const urls = cfg.subgraphUrls as Record<string, string>;
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl ?? readSupergraph(),
    buildService: ({ name }) => new SignedContextDataSource({ url: urls[name] }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: cfg.env !== "production",
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    validationRules: [depthLimit(cfg.maxQueryDepth), aliasLimit(cfg.maxAliases), costLimit(cfg.maxQueryCost)],
    formatError: (f, e) => formatError(f, e, cfg.env !== "production"),
    plugins: [requestIdPlugin, ...(cfg.env === "production" ? [ApolloServerPluginLandingPageDisabled()] : [])],
  });
  const trust = await TrustStore.open(cfg);
  try {
    await apollo.start();
  } catch (e) {
    await trust.close();
    throw e;
  }
  const verifier = createVerifier(cfg);
  const limiter = new RateLimiter(cfg.ratePerSecond, cfg.rateBurst);
  const authenticate = requestAuthenticator({ verifier, limiter, trust, cfg });
  let tokenUrl = "";
  const fhir = fhirProxy({ authenticate, cfg, researchGraphqlUrl: urls.research, publicBase: () => tokenUrl.replace(TOKEN_PATH, "") });
  const server: Server = createHttpApp<GatewayContext>({
    apollo,
    maxBodyBytes: cfg.maxBodyBytes,
    landingPage: cfg.env !== "production",
    requestContext: false,
    authenticate,
    async contextValue(ctx) {
      return { requestId: ctx.requestId, hubContext: await signContext(ctx, cfg) };
    },
    routes: {
      "GET /healthz": (_req, res) => sendJson(res, 200, { status: "ok" }),
      "GET /attachments": attachmentsProxy(urls.documents, async (req) => signContext(await authenticate(req), cfg)),
      "GET /fhir/*": fhir,
      "DELETE /fhir/*": fhir,
      ...consoleRoutes,
      [`POST ${TOKEN_PATH}`]: tokenEndpoint({ cfg, store: trust, limiter, audience: () => tokenUrl }),
      ...developerRoutes({ schema: () => gateway.schema, tokenUrl: () => tokenUrl, graphqlUrl: () => tokenUrl.replace(TOKEN_PATH, "/graphql") }),
      "GET /readyz": async (_req, res) => {
        const checks = await Promise.all(Object.entries(urls).map(async ([name, url]) => {
          try {
            const r = await fetch(url.replace(/\/graphql$/, "/readyz"), { signal: AbortSignal.timeout(2000) });
            return [name, r.ok] as const;
          } catch {
            return [name, false] as const;
          }
        }));
        const ready = checks.every(([, ok]) => ok);
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", subgraphs: Object.fromEntries(checks) });
      },
    },
    onError: (e) => log.error({ err: e }, "unhandled gateway error"),
  });
  const port = await listen(server, opts.port ?? cfg.gatewayPort, cfg.host);
  const url = `http://${cfg.host}:${port}/graphql`;
  tokenUrl = `${cfg.publicUrl ?? `http://${cfg.host}:${port}`}${TOKEN_PATH}`;
  log.info({ url }, "gateway listening");
  return {
    name: "gateway", url, port,
    async stop() {
      await close(server);
      await apollo.stop();
      await trust.close();
    },
  };
}
