import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { PURPOSES, ROLES, type HubContextClaims } from "./request-context.js";

/** Header that carries the gateway-signed hub context to subgraphs. */
export const HUB_CONTEXT_HEADER = "x-hub-context";
const AUDIENCE = "hub-subgraphs";
const ISSUER = "hub-gateway";

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) {
    k = new TextEncoder().encode(secret);
    keyCache.set(secret, k);
  }
  return k;
}

/** Sign the hub context (HS256 JWS, short TTL). Called by the gateway once per incoming request. */
export async function signHubContext(claims: HubContextClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ ctx: claims })
    .setProtectedHeader({ alg: "HS256", typ: "hub-context+jwt" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .setJti(claims.requestId)
    .sign(key(secret));
}

export class HubContextError extends Error {}

/** Verify signature, audience, freshness and shape; throws HubContextError on any problem. */
export async function verifyHubContext(token: string | undefined, secret: string): Promise<HubContextClaims> {
  if (!token) throw new HubContextError("missing hub context");
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ["exp", "iat"],
      clockTolerance: 2,
    });
    const ctx = payload.ctx as HubContextClaims | undefined;
    if (!ctx || typeof ctx.requestId !== "string" || !ctx.actor || typeof ctx.actor.sub !== "string"
      || !(ROLES as readonly string[]).includes(ctx.actor.role) || !(PURPOSES as readonly string[]).includes(ctx.purpose)
      || !Array.isArray(ctx.actor.amr)) {
      throw new HubContextError("malformed hub context");
    }
    return ctx;
  } catch (e) {
    if (e instanceof HubContextError) throw e;
    if (e instanceof joseErrors.JOSEError) throw new HubContextError(`invalid hub context: ${e.code}`);
    throw new HubContextError("invalid hub context");
  }
}
