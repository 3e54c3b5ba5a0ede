import { prepared } from "@hub/common";

/**
 * The consent service's published interface to the trust registry (institutions, system clients, their keys and
 * the client-assertion ids seen), for the gateway, which is the authorization server and checks these on every
 * request. `q` is the caller's connection (the gateway keeps its own pool).
 */
export interface Queryable {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface TrustStatus {
  /** ACTIVE | SUSPENDED, or null when the institution is not in the registry. */
  org: string | null;
  /** ACTIVE | REVOKED, or null when no such client (only asked for system clients). */
  client: string | null;
  /** ACTIVE | REVOKED, or null when no such key. */
  key: string | null;
}

/** The status of each (institution, client, key) triple, in one round trip, in the order asked. */
export async function trustStatuses(q: Queryable, keys: [string | null, string | null, string | null][]): Promise<TrustStatus[]> {
  const rows = await q.query<TrustStatus & { i: string }>(prepared(
    `SELECT k.i, o.status AS org, c.status AS client, kk.status AS key
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(org, client, kid, i)
       LEFT JOIN consent.organizations o ON o.id = k.org
       LEFT JOIN consent.system_clients c ON c.id = k.client
       LEFT JOIN consent.system_client_keys kk ON kk.client_id = k.client AND kk.kid = k.kid`),
    [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
  );
  const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
  return keys.map((_, n) => {
    const r = byIndex.get(n + 1);
    return { org: r?.org ?? null, client: r?.client ?? null, key: r?.key ?? null };
  });
}

export interface ClientKey {
  kid: string;
  alg: string;
  jwk: Record<string, unknown>;
  status: string;
}

export interface RegisteredClient {
  id: string;
  organizationId: string;
  scopes: string[];
  status: string;
  orgStatus: string;
  keys: ClientKey[];
}

/** A registered client with its institution's status and its keys, in one round trip; null when unknown. */
export async function registeredClient(q: Queryable, clientId: string): Promise<RegisteredClient | null> {
  const [row] = await q.query<{ id: string; organization_id: string; scopes: string[]; status: string; org_status: string; keys: ClientKey[] | null }>(
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
export async function rememberAssertionJti(q: Queryable, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  const rows = await q.query<{ jti: string }>(
    `WITH purge AS (DELETE FROM consent.client_assertion_jtis WHERE expires_at < now() - interval '5 minutes')
     INSERT INTO consent.client_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING jti`,
    [clientId, jti, expiresAt.toISOString()],
  );
  return rows.length === 1;
}
