import type { DataSource } from "typeorm";
import { createDataSource, logger, watchPool, type HubConfig } from "@hub/common";

export interface TrustStatus {
  /** ACTIVE | SUSPENDED, or null when the institution is not in the registry. */
  org: string | null;
  /** ACTIVE | REVOKED, or null when no such client (only asked for system clients). */
  client: string | null;
  /** ACTIVE | REVOKED, or null when no such key. */
  key: string | null;
}

/**
 * The gateway's read of the trust registry (consent.organizations, consent.system_clients and their keys), and the
 * table of seen client-assertion ids. The consent subgraph owns these tables and their migrations; the gateway is
 * the authorization server and reads them on every request, so a suspension or revocation holds on the very next
 * request in every gateway process: there is no cache to invalidate.
 */
export class TrustStore {
  private constructor(readonly ds: DataSource) {}

  static async open(cfg: HubConfig): Promise<TrustStore> {
    if (!cfg.databaseUrl) {
      throw new Error("the gateway needs the hub database (DATABASE_URL) to check institutions and system clients");
    }
    const ds = createDataSource({ schema: "consent", entities: [], migrations: [], url: cfg.databaseUrl, poolSize: cfg.dbPoolSize });
    await ds.initialize();
    watchPool("gateway", ds);
    return new TrustStore(ds);
  }

  /** A query, retried once on a dropped connection (the pool replaces it). */
  async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return (await this.ds.query(sql, params)) as T[];
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith("23")) throw e; // constraint violations are answers, not faults
      logger("gateway").warn({ err: e }, "trust registry query failed; retrying once");
      return (await this.ds.query(sql, params)) as T[];
    }
  }

  private pending: { key: [string | null, string | null, string | null]; resolve(s: TrustStatus): void; reject(e: unknown): void }[] = [];
  private inFlight = false;

  /**
   * The institution's status and, for a hub-issued system token, its client's and key's. Concurrent requests share
   * one round trip: at most one lookup is in flight, and requests that arrive meanwhile go together in the next one.
   * Every answer comes from a query issued after the request arrived, so "refused on the next request" still holds.
   */
  status(org: string | undefined, clientId: string | undefined, kid: string | undefined): Promise<TrustStatus> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key: [org ?? null, clientId ?? null, kid ?? null], resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        const rows = await this.query<TrustStatus & { i: string }>(
          `SELECT k.i, o.status AS org, c.status AS client, kk.status AS key
             FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(org, client, kid, i)
             LEFT JOIN consent.organizations o ON o.id = k.org
             LEFT JOIN consent.system_clients c ON c.id = k.client
             LEFT JOIN consent.system_client_keys kk ON kk.client_id = k.client AND kk.kid = k.kid`,
          [batch.map((b) => b.key[0]), batch.map((b) => b.key[1]), batch.map((b) => b.key[2])],
        );
        const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
        batch.forEach((b, n) => {
          const r = byIndex.get(n + 1);
          b.resolve({ org: r?.org ?? null, client: r?.client ?? null, key: r?.key ?? null });
        });
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
    this.inFlight = false;
  }

  async close(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
