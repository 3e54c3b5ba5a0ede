import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Context } from "@opentelemetry/api";

/**
 * What the hub knows about one HTTP request, from its first byte to its log line: the request id (the key of its
 * audit events, log line, metrics and trace), the client address, the actor once authenticated, the GraphQL
 * operation once parsed. Never patient data, never variables.
 */
export interface RequestInfo {
  requestId: string;
  /** The caller's address: the socket peer, or with TRUST_PROXY the address the proxy saw (X-Forwarded-For). */
  clientAddress: string;
  /** "POST /graphql", "GET /healthz", … (the matched route, or "unmatched"). */
  route: string;
  /** GraphQL operation name ("anonymous" when unnamed), set once the operation is resolved. */
  operation?: string;
  role?: string;
  org?: string;
  /** W3C trace id of the request's span (when tracing is active or the caller sent `traceparent`). */
  traceId?: string;
  /** OpenTelemetry context holding the request's server span (for child spans and propagation). */
  traceContext?: Context;
}

const infos = new WeakMap<IncomingMessage, RequestInfo>();

/** The peer address without the IPv4-mapped IPv6 prefix. */
function plain(address: string | undefined): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/**
 * The client's address. With `trustProxy` exactly one proxy is trusted: the last `X-Forwarded-For` entry is the
 * address that proxy saw (entries before it are client-supplied and not trusted). Without it, the socket peer.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const raw = req.headers["x-forwarded-for"];
    const header = Array.isArray(raw) ? raw.join(",") : raw;
    const last = header?.split(",").map((s) => s.trim()).filter(Boolean).pop();
    if (last) return plain(last);
  }
  return plain(req.socket.remoteAddress);
}

/** Create the request's info (once, when the request arrives). */
export function startRequestInfo(req: IncomingMessage, trustProxy: boolean, route: string): RequestInfo {
  const info: RequestInfo = { requestId: randomUUID(), clientAddress: clientAddressOf(req, trustProxy), route };
  infos.set(req, info);
  return info;
}

/** The request's info; a request that did not come through createHttpApp gets a fresh one. */
export function requestInfo(req: IncomingMessage): RequestInfo {
  return infos.get(req) ?? startRequestInfo(req, false, "unmatched");
}

/** A symbol-keyed property, because Apollo hands plugins a shallow copy of the context value. */
const INFO = Symbol("hub.requestInfo");

/** Link an Apollo context value to its request, so plugins can name the operation on the request's info. */
export function linkContext(contextValue: object, info: RequestInfo): void {
  Object.defineProperty(contextValue, INFO, { value: info, enumerable: true });
}

export function requestInfoOfContext(contextValue: object | undefined): RequestInfo | undefined {
  return (contextValue as { [INFO]?: RequestInfo } | undefined)?.[INFO];
}
