import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { ApolloServer, type ApolloServerPlugin, type HTTPGraphQLRequest } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { config } from "../config.js";
import { HubError, UnauthenticatedError, formatError } from "../errors.js";
import type { OperationDeclaration } from "../graphql/operation.js";
import { observeAuditWrite } from "../metrics.js";
import { HUB_CONTEXT_HEADER, HubContextError, graphqlOperationHash, routeOperationHash, verifyHubContext } from "../hub-context.js";
import { logger } from "../logger.js";
import { newRequestContext, runWithContext, type RequestContext } from "../request-context.js";
import { sharedStateFor } from "../shared-state.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHttpApp, sendJson, type Route } from "./server.js";
import { close, listen } from "./lifecycle.js";
import { requestInfoPlugin } from "./request-plugin.js";

export interface RunningService {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serve a subgraph schema over HTTP. Every GraphQL request, `_entities` and `_service` included, must carry a
 * valid, fresh hub context signed by the gateway; anything else is refused with 401 before GraphQL runs.
 */
export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  dataSource?: DataSource;
  /**
   * Awaited before every response leaves the subgraph (the audit write). If it throws, the response carries no
   * data, only an INTERNAL error: nothing is shown that was not recorded (fail closed).
   */
  beforeResponse?: () => Promise<void>;
  /** Extra routes (the service's own); they authenticate themselves. */
  routes?: Record<string, Route>;
  /** Routes that act on patient data: they get the request context of the gateway-signed hub context (401 without). */
  contextRoutes?: Record<string, ContextRoute>;
  /** Decides a route's declared operation (the enforcement seam's `authorizeOperation`). */
  authorizeOperation?: (decl: OperationDeclaration, args: Record<string, unknown>) => Promise<void>;
}

/**
 * A route that acts on data (a download, a Bulk Data request): it declares its operation like a root field, runs in
 * the request context of a valid, fresh hub context, like a GraphQL request, is decided by the PDP before `handle`
 * runs (arguments: the query string), and must await `recorded()` (the audit write) before it sends any data: if that
 * throws, the route sends nothing (fail closed).
 */
export interface ContextRoute {
  /** The operation, or for a route serving several (a FHIR API) the one of this request and its arguments. */
  operation: OperationDeclaration | ((req: IncomingMessage) => { decl: OperationDeclaration; args: Record<string, unknown> } | null);
  handle(req: IncomingMessage, res: ServerResponse, recorded: () => Promise<void>): Promise<void>;
  /** How this route's clients expect a refusal (default: a JSON body with GraphQL-style errors). */
  refuse?(res: ServerResponse, e: HubError): void;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, RATE_LIMITED: 429, CONFLICT: 409 };

/** Wrap a context route: verify the hub context (401 otherwise), run it inside that request context, decide its operation. */
function withHubContext(name: string, route: ContextRoute, recorded: () => Promise<void>, authorize: SubgraphServerOptions["authorizeOperation"]): Route {
  return async (req, res) => {
    const header = req.headers[HUB_CONTEXT_HEADER];
    let claims;
    try {
      claims = await verifyHubContext(Array.isArray(header) ? header[0] : header, config().hubContextSecret, routeOperationHash(req.method ?? "GET", req.url ?? "/"));
    } catch (e) {
      if (e instanceof HubContextError) return sendJson(res, 401, { errors: [{ message: `subgraph ${name}: ${e.message}`, extensions: { code: "UNAUTHENTICATED" } }] });
      throw e;
    }
    await runWithContext(newRequestContext(claims), async () => {
      try {
        const op = typeof route.operation === "function" ? route.operation(req)
          : { decl: route.operation, args: Object.fromEntries(new URL(req.url ?? "/", "http://localhost").searchParams) };
        if (op && op.decl.action !== "read") {
          if (!authorize) throw new HubError("INTERNAL", "no enforcement for routes");
          await authorize(op.decl, op.args);
        }
      } catch (e) {
        await recorded().catch(() => undefined);
        if (e instanceof HubError) {
          if (route.refuse) return route.refuse(res, e);
          return sendJson(res, STATUS[e.code] ?? 500, { errors: [{ message: e.message, extensions: e.extensions }] });
        }
        throw e;
      }
      await route.handle(req, res, recorded);
    });
  };
}

/** Apollo plugin running `beforeResponse` (timed as `hub_audit_write_duration_seconds`), failing closed. */
function beforeResponsePlugin(service: string, hook: () => Promise<void>, log: { error(o: object, m: string): void }): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const started = process.hrtime.bigint();
          const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
          try {
            await hook();
            observeAuditWrite(service, true, seconds());
          } catch (err) {
            observeAuditWrite(service, false, seconds());
            log.error({ err }, "audit write failed: withholding the response");
            response.body = { kind: "single", singleResult: { errors: [{ message: "audit trail unavailable", extensions: { code: "INTERNAL" } }] } };
          }
        },
      };
    },
  };
}

/**
 * The operation a GraphQL request carries (query text and variables, from a POST body or a GET query string), as the
 * gateway hashed it when it signed the request's hub context.
 */
function operationOf(r: HTTPGraphQLRequest): string {
  if (r.method === "GET") {
    const params = new URLSearchParams(r.search);
    let variables: unknown = {};
    try { variables = JSON.parse(params.get("variables") ?? "{}"); } catch { variables = null; }
    return graphqlOperationHash(params.get("query") ?? "", variables);
  }
  const body = r.body as { query?: unknown; variables?: unknown } | undefined;
  return graphqlOperationHash(typeof body?.query === "string" ? body.query : "", body?.variables ?? {});
}

/** Does the database answer within 2 s? (`/readyz`) */
export async function databaseAnswers(ds: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      ds.query("SELECT 1").then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), 2000); }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function serveSubgraph(opts: SubgraphServerOptions): Promise<RunningService> {
  const cfg = config();
  const log = logger(opts.name);
  const apollo = new ApolloServer<object>({
    schema: opts.schema,
    introspection: cfg.env !== "production",
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: (f, e) => formatError(f, e, cfg.env !== "production"),
    plugins: [
      ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), requestInfoPlugin,
      ...(opts.beforeResponse ? [beforeResponsePlugin(opts.name, opts.beforeResponse, log)] : []),
    ],
  });
  await apollo.start();
  const server: Server = createHttpApp<object>({
    service: opts.name,
    apollo,
    maxBodyBytes: cfg.maxBodyBytes,
    async authenticate(req, _info, graphqlRequest): Promise<RequestContext> {
      const header = req.headers[HUB_CONTEXT_HEADER];
      try {
        const token = Array.isArray(header) ? header[0] : header;
        if (!token) throw new HubContextError("missing hub context");
        const op = operationOf(await graphqlRequest());
        const claims = await verifyHubContext(token, cfg.hubContextSecret, op);
        return newRequestContext(claims, sharedStateFor(claims, op));
      } catch (e) {
        if (e instanceof HubContextError) throw new UnauthenticatedError(`subgraph ${opts.name}: ${e.message}`);
        throw e;
      }
    },
    // A fresh object per request: the request-info plugin finds the request through it.
    contextValue: async () => ({}),
    routes: {
      ...opts.routes,
      ...Object.fromEntries(Object.entries(opts.contextRoutes ?? {}).map(([k, r]) => [k, withHubContext(opts.name, r, opts.beforeResponse ?? (async () => undefined), opts.authorizeOperation)])),
      "GET /healthz": (_req, res) => sendJson(res, 200, { status: "ok", service: opts.name }),
      "GET /readyz": async (_req, res) => {
        const database = opts.dataSource ? await databaseAnswers(opts.dataSource) : true;
        sendJson(res, database ? 200 : 503, { status: database ? "ready" : "unavailable", service: opts.name, database });
      },
    },
    onError: (e) => log.error({ err: e, id: randomUUID() }, "unhandled error"),
  });
  // Idle keep-alive connections outlive the gateway's pooled sockets (SUBGRAPH_KEEP_ALIVE_MS > GATEWAY_SUBGRAPH_IDLE_MS),
  // so the gateway never sends a request on a socket this server is closing.
  server.keepAliveTimeout = cfg.subgraphKeepAliveMs;
  server.headersTimeout = cfg.subgraphKeepAliveMs + 5_000;
  const port = await listen(server, opts.port, opts.host ?? cfg.host, `${opts.name.toUpperCase()}_PORT`);
  const url = `http://${opts.host ?? cfg.host}:${port}/graphql`;
  log.info({ url }, "subgraph listening");
  return {
    name: opts.name,
    url,
    port,
    async stop() {
      await close(server, cfg.shutdownGraceMs);
      await apollo.stop();
    },
  };
}
