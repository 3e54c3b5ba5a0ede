import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from "jose";
import type { ClientKey, ClientRecord } from "./client-store.js";
import { OAuthError } from "./oauth-error.js";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** How far ahead an assertion's exp may be (SMART Backend Services: no more than five minutes). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Clock difference tolerated between the client and the hub. */
export const CLOCK_SKEW_SECONDS = 60;

/** The claimed client id of an assertion, before any verification (to find the client's keys). */
export function claimedClientId(assertion: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(assertion);
  } catch {
    throw new OAuthError("invalid_client", "assertion-malformed");
  }
  if (typeof payload.iss !== "string" || !payload.iss || payload.iss !== payload.sub) throw new OAuthError("invalid_client", "assertion-issuer");
  return payload.iss;
}

function keysToTry(client: ClientRecord, kid: unknown, alg: string): ClientKey[] {
  if (typeof kid === "string") {
    const key = client.keys.find((k) => k.kid === kid);
    if (!key) throw new OAuthError("invalid_client", "client-key-unknown");
    if (key.status !== "ACTIVE") throw new OAuthError("invalid_client", "client-key-revoked");
    if (key.alg !== alg) throw new OAuthError("invalid_client", "assertion-alg");
    return [key];
  }
  const active = client.keys.filter((k) => k.status === "ACTIVE" && k.alg === alg);
  if (active.length === 0) throw new OAuthError("invalid_client", "assertion-signature");
  return active;
}

/**
 * Verify a client assertion (RFC 7523, SMART Backend Services): signed by one of the client's ACTIVE keys with its
 * algorithm; iss = sub = client id; aud = this token endpoint; exp present, not past, at most five minutes ahead;
 * iat/nbf not in the future; a jti. Clock skew of CLOCK_SKEW_SECONDS either way.
 */
export async function verifyAssertion(assertion: string, client: ClientRecord, audience: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<{ kid: string; jti: string; exp: number }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw new OAuthError("invalid_client", "assertion-malformed");
  }
  if (header.alg !== "RS256" && header.alg !== "ES256") throw new OAuthError("invalid_client", "assertion-alg");
  let verified: { payload: Uint8Array; kid: string } | undefined;
  for (const key of keysToTry(client, header.kid, header.alg)) {
    try {
      const { payload } = await compactVerify(assertion, await importJWK(key.jwk, key.alg), { algorithms: [key.alg] });
      verified = { payload, kid: key.kid };
      break;
    } catch {
      // try the next active key (rotation: two keys may be active)
    }
  }
  if (!verified) throw new OAuthError("invalid_client", "assertion-signature");
  const claims = JSON.parse(new TextDecoder().decode(verified.payload)) as JWTPayload;
  if (claims.iss !== client.id || claims.sub !== client.id) throw new OAuthError("invalid_client", "assertion-issuer");
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) throw new OAuthError("invalid_client", "assertion-audience", `aud must be ${audience}`);
  if (typeof claims.exp !== "number") throw new OAuthError("invalid_client", "assertion-expired", "exp is required");
  if (claims.exp + CLOCK_SKEW_SECONDS < nowSeconds) throw new OAuthError("invalid_client", "assertion-expired");
  if (claims.exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) throw new OAuthError("invalid_client", "assertion-lifetime");
  for (const t of [claims.iat, claims.nbf]) {
    if (t !== undefined && (typeof t !== "number" || t > nowSeconds + CLOCK_SKEW_SECONDS)) throw new OAuthError("invalid_client", "assertion-not-yet-valid");
  }
  if (typeof claims.jti !== "string" || claims.jti.length === 0 || claims.jti.length > 255) throw new OAuthError("invalid_client", "assertion-jti");
  return { kid: verified.kid, jti: claims.jti, exp: claims.exp };
}
