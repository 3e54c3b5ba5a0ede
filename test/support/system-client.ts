import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from "jose";
import { as, gql, hub } from "./client.js";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const tokenUrl = () => hub().gateway.replace(/\/graphql$/, "/oauth/token");

export interface KeyPair { kid: string; alg: "ES256" | "RS256"; publicJwk: Record<string, unknown>; privateKey: KeyLike }

/** A fresh key pair as a system would make it; the public half as a JWK with a kid. */
export async function newKeyPair(alg: "ES256" | "RS256" = "ES256", kid = `k-${randomUUID().slice(0, 8)}`): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, publicJwk: { ...(await exportJWK(publicKey)), kid }, privateKey };
}

const REGISTER = `mutation($i: RegisterSystemClientInput!) { registerSystemClient(input: $i) { id scopes status keys { kid alg status } } }`;

/** Register a client through the GraphQL API as the policy admin; returns its client id. */
export async function registerClient(organizationId: string, scopes: string[], key: KeyPair, kind = "DOCUMENT_WRITER"): Promise<string> {
  const r = await gql<any>(REGISTER, { token: await as.admin(), variables: { i: { organizationId, name: "退院サマリー作成システム", kind, scopes, jwk: key.publicJwk } } });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.registerSystemClient.id;
}

export interface AssertionOptions { kid?: string | null; aud?: string; expIn?: number; iatIn?: number; jti?: string; iss?: string; sub?: string }

/** A private_key_jwt client assertion (SMART Backend Services). */
export function assertion(clientId: string, key: KeyPair, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, ...(o.kid === null ? {} : { kid: o.kid ?? key.kid }), typ: "JWT" })
    .setIssuer(o.iss ?? clientId).setSubject(o.sub ?? clientId).setAudience(o.aud ?? tokenUrl())
    .setIssuedAt(now + (o.iatIn ?? 0)).setExpirationTime(now + (o.expIn ?? 240)).setJti(o.jti ?? randomUUID())
    .sign(key.privateKey);
}

export interface TokenResponse { status: number; body: Record<string, any> }

/** POST /oauth/token, form-encoded. */
export async function requestToken(fields: Record<string, string>, contentType = "application/x-www-form-urlencoded"): Promise<TokenResponse> {
  const res = await fetch(tokenUrl(), { method: "POST", headers: { "content-type": contentType }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

export async function clientCredentials(clientAssertion: string, scope?: string): Promise<TokenResponse> {
  return requestToken({
    grant_type: "client_credentials", client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion, ...(scope ? { scope } : {}),
  });
}

/** A token for a registered client, or throw. */
export async function systemToken(clientId: string, key: KeyPair, scope?: string): Promise<string> {
  const r = await clientCredentials(await assertion(clientId, key), scope);
  if (r.status !== 200) throw new Error(`token request refused: ${JSON.stringify(r.body)}`);
  return r.body.access_token as string;
}
