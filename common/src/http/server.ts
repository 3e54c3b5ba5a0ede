import { config } from "../config.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import { HubError } from "../errors.js";
import { logger } from "../logger.js";
import { metricsText, observeHttpRequest } from "../metrics.js";
import { runWithContext, type RequestContext } from "../request-context.js";
import { endSpan, startServerSpan } from "../tracing.js";
import { BodyTooLargeError, readBody } from "./body.js";
import { applyCors } from "./cors.js";
import { isDraining, trackRequest } from "./lifecycle.js";
import { linkContext, startRequestInfo, type RequestInfo } from "./request-info.js";
import { requestLogger } from "./request-log.js";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpAppOptions<C extends object> {
  /** Service name in logs, metrics and traces: gateway, clinical, … */
  service: string;
  apollo: ApolloServer<C>;
  maxBodyBytes: number;
  /** Client address from X-Forwarded-For (one trusted proxy, TRUST_PROXY). */
  trustProxy?: boolean;
  /** Browser origins allowed (CORS_ORIGINS); when given, every OPTIONS request is answered before authentication. */
  corsOrigins?: readonly string[];
  /**
   * Verify the caller and build the request context; throw a HubError to refuse (401/403). `graphqlRequest` reads
   * and parses the body (once; GraphQL then reuses it), for callers whose credential is bound to the operation.
   */
  authenticate(req: IncomingMessage, info: RequestInfo, graphqlRequest: () => Promise<HTTPGraphQLRequest>): Promise<RequestContext>;
  /** Apollo context value for the request (after authentication). */
  contextValue(ctx: RequestContext, req: IncomingMessage, info: RequestInfo): Promise<C>;
  /** Extra routes by "METHOD path", e.g. "GET /healthz"; "METHOD /prefix/*" takes every path under the prefix. `GET /metrics` is built in. */
  routes?: Record<string, Route>;
  /**
   * Run resolvers inside the AsyncLocalStorage request context (subgraphs). The gateway passes everything through
   * Apollo's context value instead and skips it: async-context tracking costs on every promise.
   */
  requestContext?: boolean;
  /** A page for browsers opening /graphql without a token (the GraphQL IDE, development only). */
  browserPage?: Route;
  onError?(e: unknown): void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The HTTP status of a refusal outside GraphQL (and of requests refused before GraphQL runs). */
export function errorStatus(e: HubError): number {
  switch (e.code) {
    case "UNAUTHENTICATED": return 401;
    case "FORBIDDEN": return 403;
    case "EMERGENCY_ACCESS_REQUIRED": return 403;
    case "NOT_FOUND": return 404;
    case "RATE_LIMITED": return 429;
    case "BAD_USER_INPUT": return e instanceof BodyTooLargeError ? 413 : 400;
    case "CONFLICT": return 409;
    case "FHIR_VALIDATION_FAILED": return 422;
    default: return 500;
  }
}

/** The route for a request and its key: an exact "METHOD path" first, then the longest matching "METHOD /prefix/*". */
function routeOf(routes: Record<string, Route>, method: string | undefined, path: string): { key: string; route: Route } | undefined {
  const exact = routes[`${method} ${path}`];
  if (exact) return { key: `${method} ${path}`, route: exact };
  let best: { len: number; key: string; route: Route } | undefined;
  for (const [key, route] of Object.entries(routes)) {
    if (!key.endsWith("/*") || !key.startsWith(`${method} `)) continue;
    const prefix = key.slice(method!.length + 1, -1);
    if (path.startsWith(prefix) && (!best || prefix.length > best.len)) best = { len: prefix.length, key, route };
  }
  return best;
}

/** An error before GraphQL ran, in the GraphQL response shape, with the request id like every other response. */
export function sendGraphQLError(res: ServerResponse, e: HubError, requestId: string): void {
  const retry = e.extensions.retryAfterSeconds;
  sendJson(res, errorStatus(e), { errors: [{ message: e.message, extensions: e.extensions }], extensions: { requestId } },
    typeof retry === "number" ? { "retry-after": String(retry) } : {});
}

/** Does the client want the HTML page (a browser GET)? */
function wantsHtml(req: IncomingMessage): boolean {
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
}

async function toGraphQLRequest(req: IncomingMessage, url: URL, maxBody: number): Promise<HTTPGraphQLRequest> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  }
  let body: unknown = undefined;
  if (req.method === "POST") {
    const text = await readBody(req, maxBody);
    if ((headers.get("content-type") ?? "").includes("application/json")) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new HubError("BAD_USER_INPUT", "request body is not valid JSON");
      }
    } else {
      body = text;
    }
  }
  return { method: req.method ?? "GET", headers, search: url.search, body };
}

/** Apollo refuses some requests before any plugin runs (batching, missing query): add the request id there too. */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { extensions?: Record<string, unknown> };
    if (typeof parsed !== "object" || parsed === null || parsed.extensions?.requestId) return body;
    return JSON.stringify({ ...parsed, extensions: { ...parsed.extensions, requestId } });
  } catch {
    return body;
  }
}

const metricsRoute: Route = async (_req, res) => {
  const { contentType, body } = await metricsText();
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
};

/**
 * A plain Node HTTP server in front of Apollo: request id, log line, metrics and trace span for every request;
 * CORS; body limits; authentication before GraphQL; extra routes; a graceful stop (see lifecycle.ts).
 */
export function createHttpApp<C extends object>(opts: HttpAppOptions<C>): Server {
  const log = logger(opts.service);
  const httpLog = requestLogger(log);
  const routes: Record<string, Route> = { "GET /metrics": metricsRoute, ...opts.routes };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo, route: Route | undefined): Promise<void> => {
    try {
      if (opts.corsOrigins && applyCors(req, res, opts.corsOrigins)) return;
      if (route) return await route(req, res);
      if (url.pathname !== "/graphql") throw new HubError("NOT_FOUND", `no such path ${url.pathname}`);
      if (opts.browserPage && wantsHtml(req)) return await opts.browserPage(req, res);
      let parsed: Promise<HTTPGraphQLRequest> | undefined;
      const graphqlRequest = () => (parsed ??= toGraphQLRequest(req, url, opts.maxBodyBytes));
      const ctx = await opts.authenticate(req, info, graphqlRequest);
      info.requestId = ctx.requestId;
      info.role = ctx.actor.role;
      info.org = ctx.actor.org;
      if (ctx.clientAddress) info.clientAddress = ctx.clientAddress;
      res.setHeader("x-request-id", info.requestId);
      const httpGraphQLRequest = await graphqlRequest();
      const run = async () => {
        const response = await opts.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => {
            const value = await opts.contextValue(ctx, req, info);
            linkContext(value, info);
            return value;
          },
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of response.headers) headers[k] = v;
        const status = response.status ?? 200;
        if (response.body.kind === "complete") {
          const body = status === 200 ? response.body.string : withRequestId(response.body.string, info.requestId);
          delete headers["content-length"];
          res.writeHead(status, headers);
          res.end(body);
        } else {
          res.writeHead(status, headers);
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
      };
      if (opts.requestContext !== false) await runWithContext(ctx, run);
      else await run();
    } catch (e) {
      if (e instanceof HubError) return sendGraphQLError(res, e, info.requestId);
      opts.onError?.(e);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "internal error", extensions: { code: "INTERNAL" } }], extensions: { requestId: info.requestId } });
      else res.end();
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const found = routeOf(routes, req.method, url.pathname);
    const key = found?.key ?? `${req.method} ${url.pathname}`;
    let route: Route | undefined = found?.route;
    if (key === "GET /readyz" && route && isDraining(server)) route = (_q, r) => sendJson(r, 503, { status: "stopping", service: opts.service });
    const label = route !== undefined || url.pathname === "/graphql" ? key : req.method === "OPTIONS" ? "OPTIONS" : "unmatched";
    const info = startRequestInfo(req, opts.trustProxy === true, label);
    const started = process.hrtime.bigint();
    const span = startServerSpan(opts.service, label, req.headers, { "http.request.method": req.method ?? "", "url.path": url.pathname, "hub.request_id": info.requestId });
    info.traceContext = span.context;
    info.traceId = span.traceId;
    res.setHeader("x-request-id", info.requestId);
    trackRequest(server, res);
    httpLog(req, res);
    res.once("close", () => {
      observeHttpRequest({ service: opts.service, route: label, operation: info.operation, status: res.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
      endSpan(span.span, res.statusCode, {
        "hub.request_id": info.requestId, ...(info.operation ? { "graphql.operation.name": info.operation } : {}),
        ...(info.role ? { "hub.actor.role": info.role } : {}), ...(info.org ? { "hub.actor.org": info.org } : {}),
      });
    });
    void handle(req, res, url, info, route);
  });
  // Idle keep-alive connections outlive the clients' and load balancers' pooled sockets (HTTP_KEEP_ALIVE_MS, 65 s,
  // longer than the usual 60 s balancer idle timeout): a client reusing an idle socket never meets one the server
  // has just closed ("other side closed"). Subgraph servers set their own (SUBGRAPH_KEEP_ALIVE_MS).
  server.keepAliveTimeout = config().httpKeepAliveMs;
  server.headersTimeout = config().httpKeepAliveMs + 5_000;
  return server;
}
