import type { IncomingMessage } from "node:http";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import {
  BadUserInputError, PURPOSES, ROLES, UnauthenticatedError, type Actor, type HubConfig, type Purpose, type Role,
} from "@hub/common";

/** Default purpose of use by role when `x-purpose-of-use` is absent (SPEC §4). */
const DEFAULT_PURPOSE: Partial<Record<Role, Purpose>> = { patient: "PATRQT", phr_operator: "PATRQT", researcher: "HRESCH", data_steward: "HRESCH" };
const ORG = /^\d{10}$/;

export interface Verifier {
  verify(token: string): Promise<JWTPayload>;
}

/**
 * Remember verified tokens until they expire (bounded), so a client's repeated requests with the same token are
 * verified once. The cache is keyed by the whole token string: any change to it is a miss and is verified.
 */
function cached(inner: Verifier, max = 10_000): Verifier {
  const seen = new Map<string, JWTPayload>();
  return {
    async verify(token) {
      const hit = seen.get(token);
      if (hit && typeof hit.exp === "number" && hit.exp * 1000 > Date.now()) return hit;
      if (hit) seen.delete(token);
      const claims = await inner.verify(token);
      if (seen.size >= max) seen.delete(seen.keys().next().value as string);
      seen.set(token, claims);
      return claims;
    },
  };
}

/** HS256 with the configured secret (development), or RS256/ES256 against a JWKS URL (production). */
export function createVerifier(cfg: HubConfig): Verifier {
  return cached(baseVerifier(cfg));
}

function baseVerifier(cfg: HubConfig): Verifier {
  const opts = { issuer: cfg.jwtIssuer, clockTolerance: 5 };
  const key = new TextEncoder().encode(cfg.jwtSecret);
  const hs256: Verifier = { verify: async (t) => (await jwtVerify(t, key, { ...opts, algorithms: ["HS256"] })).payload };
  if (cfg.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(cfg.jwksUrl));
    return {
      async verify(t) {
        // The hub's own access tokens for system clients (POST /oauth/token) are HS256 with the hub's secret; people's
        // tokens come from the identity provider (RS256/ES256 via JWKS).
        if (decodeProtectedHeader(t).alg === "HS256") {
          const claims = await hs256.verify(t);
          if (claims.role !== "system" || typeof claims.client_id !== "string") throw new Error("HS256 is only for hub-issued system tokens");
          return claims;
        }
        return (await jwtVerify(t, jwks, { ...opts, algorithms: ["RS256", "ES256"] })).payload;
      },
    };
  }
  return hs256;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Verify the bearer token and turn its claims into the hub's actor. */
export async function authenticateRequest(req: IncomingMessage, verifier: Verifier): Promise<Actor> {
  const auth = header(req, "authorization");
  const m = auth?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/);
  if (!m) throw new UnauthenticatedError("missing bearer token");
  let claims: JWTPayload;
  try {
    claims = await verifier.verify(m[1]);
  } catch {
    throw new UnauthenticatedError("invalid or expired token");
  }
  if (typeof claims.exp !== "number") throw new UnauthenticatedError("token has no expiry");
  const role = claims.role as Role;
  if (typeof claims.sub !== "string" || !(ROLES as readonly string[]).includes(role)) throw new UnauthenticatedError("token lacks sub or a known role");
  const org = typeof claims.org === "string" ? claims.org : undefined;
  if (org !== undefined && !ORG.test(org)) throw new UnauthenticatedError("org must be a 10-digit institution code");
  const patientId = typeof claims.patientId === "string" ? claims.patientId : undefined;
  if (role === "patient" && !patientId) throw new UnauthenticatedError("patient token lacks patientId");
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((x): x is string => typeof x === "string") : [];
  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : undefined;
  const actor: Actor = { sub: claims.sub, role, org, patientId: role === "patient" ? patientId : undefined, amr, scopes };
  // Hub-issued system tokens name the registered client and the key it proved (checked against the registry).
  if (role === "system" && typeof claims.client_id === "string") {
    actor.clientId = claims.client_id;
    actor.clientKeyId = typeof claims.client_kid === "string" ? claims.client_kid : undefined;
  }
  return actor;
}

/** Purpose of use from `x-purpose-of-use`, defaulting by role; unknown codes are refused. */
export function purposeOf(req: IncomingMessage, actor: Actor): Purpose {
  const raw = header(req, "x-purpose-of-use");
  if (raw === undefined || raw === "") return DEFAULT_PURPOSE[actor.role] ?? "TREAT";
  if (!(PURPOSES as readonly string[]).includes(raw)) throw new BadUserInputError(`unknown purpose of use "${raw}"`, { header: "x-purpose-of-use" });
  return raw as Purpose;
}

export function emergencyAccessIdOf(req: IncomingMessage): string | undefined {
  const raw = header(req, "x-emergency-access");
  if (raw === undefined || raw === "") return undefined;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(raw)) throw new BadUserInputError("malformed x-emergency-access", { header: "x-emergency-access" });
  return raw;
}
