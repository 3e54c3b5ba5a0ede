import type { ServerResponse } from "node:http";

/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export const OAUTH_ERRORS = {
  invalid_request: "a parameter is missing, repeated or malformed, or the body is not application/x-www-form-urlencoded (400)",
  invalid_client: "client authentication failed: unknown or revoked client, bad signature, unknown or revoked key, expired, replayed or mis-addressed assertion (401)",
  unauthorized_client: "the client authenticated but may not obtain tokens now: its institution is suspended (400)",
  invalid_scope: "a requested scope was not granted to this client, or is unknown (400)",
  unsupported_grant_type: "grant_type is not client_credentials (400)",
  invalid_grant: "not used by the client-credentials grant (reserved)",
} as const;
export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

/** Our own code (SPEC §10) next to each OAuth error, so clients can treat every hub error alike. */
const HUB_CODES: Record<OAuthErrorCode | "temporarily_unavailable" | "server_error", string> = {
  invalid_request: "BAD_USER_INPUT", unsupported_grant_type: "BAD_USER_INPUT", invalid_client: "UNAUTHENTICATED",
  invalid_grant: "UNAUTHENTICATED", unauthorized_client: "FORBIDDEN", invalid_scope: "FORBIDDEN",
  temporarily_unavailable: "RATE_LIMITED", server_error: "INTERNAL",
};

/** The `rule` next to the OAuth error: why exactly a token request was refused. */
export const REFUSAL_RULES = {
  "request-content-type": "the body must be application/x-www-form-urlencoded",
  "request-parameter": "a required parameter is missing or given twice",
  "grant-type": "grant_type must be client_credentials",
  "assertion-type": "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  "assertion-malformed": "client_assertion is not a compact JWS with a JSON payload",
  "assertion-issuer": "iss and sub must both be the client_id (and match the client_id parameter when given)",
  "client-unknown": "no registered client has this client_id",
  "client-revoked": "the client is revoked",
  "assertion-alg": "the assertion must be signed with RS256 or ES256 (the registered key's algorithm)",
  "client-key-unknown": "no key of this client has the assertion's kid",
  "client-key-revoked": "the assertion's key is revoked",
  "assertion-signature": "the signature does not verify with any active key of the client",
  "assertion-audience": "aud must be this token endpoint's URL",
  "assertion-expired": "exp is in the past (60 s clock skew allowed)",
  "assertion-lifetime": "exp is more than 5 minutes ahead",
  "assertion-not-yet-valid": "iat or nbf is in the future (60 s clock skew allowed)",
  "assertion-jti": "jti is required (1–255 characters)",
  "assertion-replayed": "this jti was already used by this client",
  "institution-suspended": "the client's institution is suspended",
  "scope-not-granted": "a requested scope is unknown or not granted to this client",
  "rate-limited": "too many token requests from this address",
} as const;
export type RefusalRule = keyof typeof REFUSAL_RULES;

export class OAuthError extends Error {
  readonly status: number;
  constructor(readonly error: OAuthErrorCode | "temporarily_unavailable", readonly rule: RefusalRule, description?: string) {
    super(description ?? REFUSAL_RULES[rule]);
    this.status = error === "invalid_client" ? 401 : error === "temporarily_unavailable" ? 429 : 400;
  }
}

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function sendOAuthJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...NO_STORE });
  res.end(text);
}

/** RFC 6749 §5.2 error body plus the hub's code, rule and request id (extra members are allowed there). */
export function sendOAuthError(res: ServerResponse, e: OAuthError | { error: "server_error"; status: 500; rule: string; message: string }, requestId?: string): void {
  sendOAuthJson(res, e.status, { error: e.error, error_description: e.message, code: HUB_CODES[e.error], rule: e.rule, ...(requestId ? { requestId } : {}) });
}
