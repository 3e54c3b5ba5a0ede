import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical.js";
import { PURPOSES, ROLES, type HubContextClaims } from "./request-context.js";

/** Header that carries the gateway-signed hub context to subgraphs. */
export const HUB_CONTEXT_HEADER = "x-hub-context";
const AUDIENCE = "hub-subgraphs";
const ISSUER = "hub-gateway";
const CLOCK_TOLERANCE_SECONDS = 2;
const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "hub-context+jwt" })).toString("base64url");

/**
 * What a hub context is bound to: one subgraph request. For GraphQL the query text and its variables (canonical
 * JSON), for a forwarded route its method, path and query string. The subgraph recomputes it from what it received
 * and refuses a context signed for anything else, so a captured context cannot be replayed with another query.
 */
export function graphqlOperationHash(query: string, variables: unknown): string {
  return createHash("sha256").update(`graphql\n${query}\n${canonicalJson(variables ?? {})}`).digest("base64url");
}

/** The binding of a forwarded HTTP route: method and path with query string, as the subgraph sees `req.url`. */
export function routeOperationHash(method: string, pathAndQuery: string): string {
  const u = new URL(pathAndQuery, "http://hub.invalid");
  return createHash("sha256").update(`route\n${method.toUpperCase()} ${u.pathname}${u.search}`).digest("base64url");
}

const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest();

/**
 * Sign the hub context (an HS256 JWS, RFC 7515/7519) for one subgraph request (`op`, see `graphqlOperationHash`),
 * with a short lifetime. Called by the gateway per subgraph call; plain HMAC over Node's crypto (no key import, no
 * promise chain), because it runs on every call.
 */
export async function signHubContext(claims: HubContextClaims, secret: string, ttlSeconds: number, op?: string): Promise<string> {
  return signHubContextSync(claims, secret, ttlSeconds, op);
}

export function signHubContextSync(claims: HubContextClaims, secret: string, ttlSeconds: number, op?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { ctx: claims, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + ttlSeconds, jti: claims.requestId, ...(op ? { op } : {}) };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${hmac(secret, body).toString("base64url")}`;
}

export class HubContextError extends Error {}

interface Payload { ctx?: HubContextClaims; iss?: unknown; aud?: unknown; iat?: unknown; exp?: unknown; op?: unknown }

/**
 * Verify signature, issuer, audience, freshness, shape and, when `op` is given, that the context was signed for
 * this very operation; throws HubContextError on any problem.
 */
export async function verifyHubContext(token: string | undefined, secret: string, op?: string): Promise<HubContextClaims> {
  if (!token) throw new HubContextError("missing hub context");
  const parts = token.split(".");
  if (parts.length !== 3) throw new HubContextError("invalid hub context: ERR_JWS_INVALID");
  let header: { alg?: unknown; crit?: unknown };
  let payload: Payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as typeof header;
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Payload;
  } catch {
    throw new HubContextError("invalid hub context: ERR_JWS_INVALID");
  }
  if (header.alg !== "HS256" || header.crit !== undefined) throw new HubContextError("invalid hub context: ERR_JOSE_ALG_NOT_ALLOWED");
  const expected = hmac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HubContextError("invalid hub context: ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== "number" || typeof payload.iat !== "number") throw new HubContextError("invalid hub context: ERR_JWT_CLAIM_VALIDATION_FAILED");
  if (payload.exp <= now - CLOCK_TOLERANCE_SECONDS) throw new HubContextError("invalid hub context: ERR_JWT_EXPIRED");
  if (payload.iat > now + CLOCK_TOLERANCE_SECONDS) throw new HubContextError("invalid hub context: ERR_JWT_CLAIM_VALIDATION_FAILED");
  if (payload.iss !== ISSUER || (payload.aud !== AUDIENCE && !(Array.isArray(payload.aud) && payload.aud.includes(AUDIENCE)))) {
    throw new HubContextError("invalid hub context: ERR_JWT_CLAIM_VALIDATION_FAILED");
  }
  const ctx = payload.ctx;
  if (!ctx || typeof ctx.requestId !== "string" || !ctx.actor || typeof ctx.actor.sub !== "string"
    || !(ROLES as readonly string[]).includes(ctx.actor.role) || !(PURPOSES as readonly string[]).includes(ctx.purpose)
    || !Array.isArray(ctx.actor.amr)) {
    throw new HubContextError("malformed hub context");
  }
  if (op !== undefined && payload.op !== op) throw new HubContextError("hub context not bound to this operation");
  return ctx;
}
