import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import { HubError } from "../errors.js";
import { runWithContext, type RequestContext } from "../request-context.js";
import { BodyTooLargeError, readBody } from "./body.js";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpAppOptions<C extends object> {
  apollo: ApolloServer<C>;
  maxBodyBytes: number;
  /** Verify the caller and build the request context; throw a HubError to refuse (401/403). */
  authenticate(req: IncomingMessage): Promise<RequestContext>;
  /** Apollo context value for the request (after authentication). */
  contextValue(ctx: RequestContext, req: IncomingMessage): Promise<C>;
  /** Extra routes by "METHOD path", e.g. "GET /healthz"; "METHOD /prefix/*" takes every path under the prefix. */
  routes?: Record<string, Route>;
  /**
   * Run resolvers inside the AsyncLocalStorage request context (subgraphs). The gateway passes everything through
   * Apollo's context value instead and skips it: async-context tracking costs on every promise.
   */
  requestContext?: boolean;
  /** Serve Apollo's landing page to browsers without authentication (gateway in development only). */
  landingPage?: boolean;
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
    case "RATE_LIMITED": return 429;
    case "BAD_USER_INPUT": return e instanceof BodyTooLargeError ? 413 : 400;
    case "NOT_FOUND": return 404;
    case "CONFLICT": return 409;
    case "FHIR_VALIDATION_FAILED": return 422;
    default: return 500;
  }
}

/** The route for a request: an exact "METHOD path" first, then the longest matching "METHOD /prefix/*". */
function routeOf(routes: Record<string, Route> | undefined, method: string | undefined, path: string): Route | undefined {
  if (!routes) return undefined;
  const exact = routes[`${method} ${path}`];
  if (exact) return exact;
  let best: { len: number; route: Route } | undefined;
  for (const [key, route] of Object.entries(routes)) {
    if (!key.endsWith("/*") || !key.startsWith(`${method} `)) continue;
    const prefix = key.slice(method!.length + 1, -1);
    if (path.startsWith(prefix) && (!best || prefix.length > best.len)) best = { len: prefix.length, route };
  }
  return best?.route;
}

function sendGraphQLError(res: ServerResponse, e: HubError): void {
  sendJson(res, errorStatus(e), { errors: [{ message: e.message, extensions: e.extensions }] });
}

/** Does the client want the HTML landing page (a browser GET)? */
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

/** A plain Node HTTP server in front of Apollo: body limits, authentication before GraphQL, extra routes. */
export function createHttpApp<C extends object>(opts: HttpAppOptions<C>): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const route = routeOf(opts.routes, req.method, url.pathname);
      if (route) return await route(req, res);
      if (url.pathname !== "/graphql") return sendJson(res, 404, { error: "not found" });
      const anonymousPage = opts.landingPage === true && wantsHtml(req);
      const ctx = anonymousPage ? undefined : await opts.authenticate(req);
      const httpGraphQLRequest = await toGraphQLRequest(req, url, opts.maxBodyBytes);
      const run = async () => {
        const response = await opts.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => (ctx ? opts.contextValue(ctx, req) : ({} as C)),
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of response.headers) headers[k] = v;
        res.writeHead(response.status ?? 200, headers);
        if (response.body.kind === "complete") {
          res.end(response.body.string);
        } else {
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
      };
      if (ctx && opts.requestContext !== false) await runWithContext(ctx, run);
      else await run();
    } catch (e) {
      if (e instanceof HubError) return sendGraphQLError(res, e);
      opts.onError?.(e);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "internal error", extensions: { code: "INTERNAL" } }] });
      else res.end();
    }
  });
}

/** Listen and resolve with the bound port (0 = any free port). */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
