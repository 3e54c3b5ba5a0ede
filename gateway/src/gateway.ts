import type { Server } from "node:http";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Context } from "@opentelemetry/api";
import {
  HUB_CONTEXT_HEADER, SpanKind, claimsOf, close, createHttpApp, endSpan, formatError, graphqlOperationHash, injectTraceHeaders,
  listen, logger, requestInfoPlugin, sendJson, signHubContextSync, startChildSpan, type HubConfig, type HubContextClaims, type RunningService,
} from "@hub/common";
import { subgraphFetcher } from "./subgraph-fetch.js";
import { newApolloGateway } from "./apollo-gateway.js";
import { createVerifier } from "./auth.js";
import { requestAuthenticator, signContext } from "./request-auth.js";
import { fhirProxy } from "./fhir-proxy.js";
import { singleRetrievalRule } from "./limits/single-retrieval.js";
import { armorLimits } from "./limits/armor.js";
import { connectionCostPlugin } from "./limits/connection-cost.js";
import { RateLimiter } from "./limits/rate-limit.js";
import { readSupergraph } from "./compose.js";
import { consoleRoutes } from "./admin/routes.js";
import { attachmentsProxy } from "./attachments-proxy.js";
import { notificationsProxy } from "./notifications-proxy.js";
import { TrustStore } from "./trust/trust-store.js";
import { TOKEN_PATH, tokenEndpoint } from "./oauth/token-endpoint.js";
import { developerRoutes } from "./developers/routes.js";
import { ideRoutes } from "./ide/page.js";
import { readinessRoute } from "./readiness.js";

interface GatewayContext {
  /** The request's claims, signed per subgraph call and bound to that call's query and variables. */
  claims: HubContextClaims;
  requestId: string;
  /** The request's trace context: each subgraph call is a child span and carries `traceparent`. */
  trace?: Context;
}

/**
 * Signs the hub context for every subgraph call, `_entities` included, bound to that call's query and variables
 * (the subgraph refuses it for any other), and forwards the W3C trace context.
 */
class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly spans = new WeakMap<object, Context>();
  constructor(private readonly subgraph: string, url: string, private readonly cfg: HubConfig, fetcher: ReturnType<typeof subgraphFetcher>) {
    super({ url, fetcher: fetcher as unknown as RemoteGraphQLDataSource["fetcher"] });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const span = startChildSpan("gateway", `subgraph ${this.subgraph}`, options.context?.trace, SpanKind.CLIENT, { "hub.subgraph": this.subgraph, "hub.request_id": options.context?.requestId ?? "" });
    this.spans.set(options.request, span.context);
    try {
      const response = await super.process(options);
      endSpan(span.span, 200, { "hub.subgraph.errors": response.errors?.length ?? 0 });
      return response;
    } catch (e) {
      endSpan(span.span, 502);
      throw e;
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    if (context?.claims) {
      const op = graphqlOperationHash(request.query ?? "", request.variables ?? {});
      headers.set(HUB_CONTEXT_HEADER, signHubContextSync(context.claims, this.cfg.hubContextSecret, this.cfg.hubContextTtlSeconds, op));
    }
    injectTraceHeaders(this.spans.get(request), (k, v) => headers.set(k, v));
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
  const development = cfg.env !== "production";
  const fetcher = subgraphFetcher(cfg.gatewaySubgraphIdleMs);
  const gateway = newApolloGateway({
    supergraphSdl: opts.supergraphSdl ?? readSupergraph(),
    buildService: ({ name, url }) => new SignedContextDataSource(name, urls[name] ?? url ?? "", cfg, fetcher),
  });
  const armor = armorLimits(cfg);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: development,
    hideSchemaDetailsFromClientErrors: !development,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    validationRules: [...armor.validationRules, singleRetrievalRule],
    parseOptions: armor.parseOptions,
    formatError: (f, e) => formatError(f, e, development),
    // The IDE is the hub's own (GraphiQL from node_modules, below), never Apollo's CDN-hosted landing page.
    plugins: [requestInfoPlugin, ...armor.plugins, connectionCostPlugin(cfg.maxQueryCost), ApolloServerPluginLandingPageDisabled()],
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
  // Failed authentications are limited per client address (token guessing), valid callers per actor.
  const failures = new RateLimiter(cfg.ratePerSecond, cfg.rateBurst);
  const authenticate = requestAuthenticator({ verifier, limiter, failures, trust, cfg });
  const ide = development ? ideRoutes() : undefined;
  let tokenUrl = "";
  const fhir = fhirProxy({ authenticate, cfg, researchGraphqlUrl: urls.research, publicBase: () => tokenUrl.replace(TOKEN_PATH, "") });
  const server: Server = createHttpApp<GatewayContext>({
    service: "gateway",
    apollo,
    maxBodyBytes: cfg.maxBodyBytes,
    trustProxy: cfg.trustProxy,
    corsOrigins: cfg.corsOrigins,
    browserPage: ide?.page,
    requestContext: false,
    authenticate: (req) => authenticate(req),
    async contextValue(ctx, _req, info) {
      return { requestId: ctx.requestId, trace: info.traceContext, claims: claimsOf(ctx) };
    },
    routes: {
      "GET /healthz": (_req, res) => sendJson(res, 200, { status: "ok" }),
      "GET /readyz": readinessRoute(urls, trust),
      "GET /attachments": attachmentsProxy(urls.documents, async (req, upstreamPath) => signContext(await authenticate(req), cfg, "GET", upstreamPath)),
      "GET /notifications/stream": notificationsProxy(urls.consent, async (req, upstreamPath) => signContext(await authenticate(req), cfg, "GET", upstreamPath)),
      // The printable slip of an exchange number (PDF), proxied like attachments.
      "GET /slips": attachmentsProxy(urls.documents, async (req, upstreamPath) => signContext(await authenticate(req), cfg, "GET", upstreamPath), "/slips"),
      "GET /fhir/*": fhir,
      "DELETE /fhir/*": fhir,
      ...consoleRoutes,
      ...(ide?.routes ?? {}),
      [`POST ${TOKEN_PATH}`]: tokenEndpoint({ cfg, store: trust, limiter, audience: () => tokenUrl }),
      ...developerRoutes({ schema: () => gateway.schema, tokenUrl: () => tokenUrl, graphqlUrl: () => tokenUrl.replace(TOKEN_PATH, "/graphql") }),
    },
    onError: (e) => log.error({ err: e }, "unhandled gateway error"),
  });
  const port = await listen(server, opts.port ?? cfg.gatewayPort, cfg.host, "GATEWAY_PORT").catch(async (e) => {
    await apollo.stop();
    await trust.close();
    throw e;
  });
  const url = `http://${cfg.host}:${port}/graphql`;
  tokenUrl = `${cfg.publicUrl ?? `http://${cfg.host}:${port}`}${TOKEN_PATH}`;
  log.info({ url, ide: development }, "gateway listening");
  return {
    name: "gateway", url, port,
    async stop() {
      await close(server, cfg.shutdownGraceMs);
      await apollo.stop();
      await trust.close();
    },
  };
}
