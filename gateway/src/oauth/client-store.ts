import type { JWK } from "jose";
import type { TrustStore } from "../trust/trust-store.js";

export interface ClientKey {
  kid: string;
  alg: string;
  jwk: JWK;
  status: string;
}

export interface ClientRecord {
  id: string;
  organizationId: string;
  scopes: string[];
  status: string;
  orgStatus: string;
  keys: ClientKey[];
}

/** A registered client with its institution's status and its keys, in one round trip; null when unknown. */
export async function loadClient(store: TrustStore, clientId: string): Promise<ClientRecord | null> {
  const [row] = await store.query<{ id: string; organization_id: string; scopes: string[]; status: string; org_status: string; keys: ClientKey[] | null }>(
    `SELECT c.id, c.organization_id, c.scopes, c.status, o.status AS org_status,
            (SELECT json_agg(json_build_object('kid', k.kid, 'alg', k.alg, 'jwk', k.jwk, 'status', k.status))
               FROM consent.system_client_keys k WHERE k.client_id = c.id) AS keys
       FROM consent.system_clients c JOIN consent.organizations o ON o.id = c.organization_id WHERE c.id = $1`,
    [clientId],
  );
  if (!row) return null;
  return { id: row.id, organizationId: row.organization_id, scopes: row.scopes, status: row.status, orgStatus: row.org_status, keys: row.keys ?? [] };
}

/**
 * Remember an assertion's jti until it expires; false when this client already used it. The primary key makes
 * this hold across every gateway process. Expired entries are purged on the way.
 */
export async function rememberJti(store: TrustStore, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  const rows = await store.query<{ jti: string }>(
    `WITH purge AS (DELETE FROM consent.client_assertion_jtis WHERE expires_at < now() - interval '5 minutes')
     INSERT INTO consent.client_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING jti`,
    [clientId, jti, expiresAt.toISOString()],
  );
  return rows.length === 1;
}
