import type { IncomingMessage, ServerResponse } from "node:http";

/** Request headers a browser client may send (the hub's own headers and W3C trace context). */
const ALLOWED_HEADERS = "authorization, content-type, x-purpose-of-use, x-emergency-access, traceparent, tracestate";
/** Response headers a browser client may read. */
const EXPOSED_HEADERS = "x-request-id, retry-after";

/**
 * CORS (Fetch standard, CORS protocol) with an allow-list of origins (`CORS_ORIGINS`). Only a listed origin gets
 * `Access-Control-Allow-Origin` (its own value, never `*`); credentials (cookies) are not allowed because the API
 * authenticates with bearer tokens. A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here,
 * before authentication: a preflight never carries the token, so it must not get 401.
 *
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  const listed = typeof origin === "string" && allowed.includes(origin);
  if (allowed.length > 0) res.setHeader("vary", "Origin");
  if (listed) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  }
  if (req.method !== "OPTIONS") return false;
  if (listed && req.headers["access-control-request-method"]) {
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
    res.setHeader("access-control-max-age", "600");
  }
  // Unlisted origins get the same 204 without CORS headers: the browser then refuses the actual request.
  res.writeHead(204, { "content-length": "0" });
  res.end();
  return true;
}
