import type { DataSource } from "typeorm";
import { createDataSource, logger, type HubConfig } from "@hub/common";

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

  /** One round trip: the institution's status and, for a hub-issued system token, its client's and key's. */
  async status(org: string | undefined, clientId: string | undefined, kid: string | undefined): Promise<TrustStatus> {
    const [row] = await this.query<TrustStatus>(
      `SELECT (SELECT status FROM consent.organizations WHERE id = $1) AS org,
              (SELECT status FROM consent.system_clients WHERE id = $2) AS client,
              (SELECT status FROM consent.system_client_keys WHERE client_id = $2 AND kid = $3) AS key`,
      [org ?? null, clientId ?? null, kid ?? null],
    );
    return row ?? { org: null, client: null, key: null };
  }

  async close(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
