import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { RateLimitedError, isSystemScope, logger, readBody, requestInfo, type HubConfig, type Route } from "@hub/common";
import { AuditStore, type AuditEventInput } from "@hub/policies";
import type { RateLimiter } from "../limits/rate-limit.js";
import type { TrustStore } from "../trust/trust-store.js";
import { ASSERTION_TYPE, CLOCK_SKEW_SECONDS, claimedClientId, verifyAssertion } from "./assertion.js";
import { loadClient, rememberJti, type ClientRecord } from "./client-store.js";
import { OAuthError, sendOAuthError, sendOAuthJson } from "./oauth-error.js";

export const TOKEN_PATH = "/oauth/token";
/** Lifetime of an access token issued to a system client. */
export const ACCESS_TOKEN_SECONDS = 300;
const MAX_FORM_BYTES = 16 * 1024;

export interface TokenEndpointOptions {
  cfg: HubConfig;
  store: TrustStore;
  limiter: RateLimiter;
  /** The token endpoint's own URL: the only `aud` accepted. */
  audience(): string;
}

async function form(req: IncomingMessage): Promise<Map<string, string>> {
  if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new OAuthError("invalid_request", "request-content-type");
  }
  const params = new Map<string, string>();
  let body: string;
  try {
    body = await readBody(req, MAX_FORM_BYTES);
  } catch {
    throw new OAuthError("invalid_request", "request-parameter", `the body is larger than ${MAX_FORM_BYTES} bytes or unreadable`);
  }
  for (const [k, v] of new URLSearchParams(body)) {
    if (params.has(k)) throw new OAuthError("invalid_request", "request-parameter", `parameter ${k} is given more than once`);
    params.set(k, v);
  }
  return params;
}

function required(params: Map<string, string>, name: string): string {
  const v = params.get(name);
  if (!v) throw new OAuthError("invalid_request", "request-parameter", `parameter ${name} is required`);
  return v;
}

function grantedScopes(client: ClientRecord, requested: string | undefined): string[] {
  if (requested === undefined) return client.scopes;
  const asked = [...new Set(requested.split(" ").filter(Boolean))];
  if (asked.length === 0 || !asked.every((s) => isSystemScope(s) && client.scopes.includes(s))) throw new OAuthError("invalid_scope", "scope-not-granted");
  return asked;
}

/**
 * `POST /oauth/token`: OAuth 2.0 client-credentials grant with a private_key_jwt client assertion (RFC 6749 §4.4,
 * RFC 7523, SMART Backend Services). Issues a short-lived access token (role `system`, the client's institution and
 * scopes) signed as the gateway verifies tokens. Every issuance and refusal is audited.
 */
export function tokenEndpoint(opts: TokenEndpointOptions): Route {
  const { cfg, store } = opts;
  const audit = new AuditStore(store.ds);
  const log = logger("oauth");
  // The client address (TRUST_PROXY decides whose) is recorded with every issuance and refusal.
  const record = (requestId: string, clientAddress: string, e: Omit<AuditEventInput, "at" | "requestId" | "actorRole">) =>
    audit.append([{ ...e, at: new Date(), requestId, actorRole: "system", detail: { ...e.detail, clientAddress } }]);

  return async (req, res) => {
    const { requestId, clientAddress } = requestInfo(req);
    let client: ClientRecord | null = null;
    let claimed: string | undefined;
    try {
      try {
        opts.limiter.take(`oauth:${clientAddress}`);
      } catch (e) {
        if (e instanceof RateLimitedError) throw new OAuthError("temporarily_unavailable", "rate-limited");
        throw e;
      }
      const params = await form(req);
      const grant = required(params, "grant_type");
      if (grant !== "client_credentials") throw new OAuthError("unsupported_grant_type", "grant-type");
      if (required(params, "client_assertion_type") !== ASSERTION_TYPE) throw new OAuthError("invalid_client", "assertion-type");
      const assertion = required(params, "client_assertion");
      claimed = claimedClientId(assertion);
      if (params.has("client_id") && params.get("client_id") !== claimed) throw new OAuthError("invalid_client", "assertion-issuer");
      client = await loadClient(store, claimed);
      if (!client) throw new OAuthError("invalid_client", "client-unknown");
      if (client.status !== "ACTIVE") throw new OAuthError("invalid_client", "client-revoked");
      const proof = await verifyAssertion(assertion, client, opts.audience());
      if (client.orgStatus !== "ACTIVE") throw new OAuthError("unauthorized_client", "institution-suspended");
      const scopes = grantedScopes(client, params.get("scope"));
      if (!(await rememberJti(store, client.id, proof.jti, new Date((proof.exp + CLOCK_SKEW_SECONDS) * 1000)))) {
        throw new OAuthError("invalid_client", "assertion-replayed");
      }
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ role: "system", org: client.organizationId, scope: scopes.join(" "), client_id: client.id, client_kid: proof.kid })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setSubject(client.id).setIssuedAt(now).setExpirationTime(now + ACCESS_TOKEN_SECONDS).setJti(randomUUID());
      if (cfg.jwtIssuer) jwt.setIssuer(cfg.jwtIssuer);
      const accessToken = await jwt.sign(new TextEncoder().encode(cfg.jwtSecret));
      // Fail closed: no token leaves without its audit record.
      await record(requestId, clientAddress, { eventType: "token-issued", actorSub: client.id, actorOrg: client.organizationId, decision: "ALLOW",
        detail: { clientId: client.id, kid: proof.kid, scopes, expiresIn: ACCESS_TOKEN_SECONDS, assertionJti: proof.jti } });
      sendOAuthJson(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS, scope: scopes.join(" ") });
    } catch (e) {
      if (!(e instanceof OAuthError)) {
        log.error({ err: e, requestId }, "token endpoint failed");
        return sendOAuthError(res, { error: "server_error", status: 500, rule: "internal", message: "internal error" }, requestId);
      }
      if (e.rule !== "rate-limited") await record(requestId, clientAddress, { eventType: "token-refused", actorSub: client?.id ?? claimed?.slice(0, 200) ?? "(unknown client)",
        actorOrg: client?.organizationId ?? null, decision: "DENY", rule: e.rule, detail: { error: e.error, clientKnown: client !== null } })
        .catch((err) => log.error({ err, requestId }, "could not audit a refused token request"));
      sendOAuthError(res, e, requestId);
    }
  };
}
