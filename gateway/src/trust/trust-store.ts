import type { DataSource } from "typeorm";
import { createDataSource, detectPreparedStatements, logger, watchPool, type HubConfig } from "@hub/common";
import { trustStatuses, type TrustStatus } from "@hub/consent";

export type { TrustStatus };

/**
 * The gateway's connection to the trust registry (institutions, system clients and their keys, seen assertion ids),
 * read through the consent service's trust interface on every request, so a suspension or revocation holds on the
 * very next request in every gateway process: there is no cache to invalidate.
 */
export class TrustStore {
  private constructor(readonly ds: DataSource) {}

  static async open(cfg: HubConfig): Promise<TrustStore> {
    if (!cfg.databaseUrl) {
      throw new Error("the gateway needs the hub database (DATABASE_URL) to check institutions and system clients");
    }
    const ds = createDataSource({ schema: "consent", entities: [], migrations: [], url: cfg.databaseUrl, poolSize: cfg.dbPoolSize });
    await ds.initialize();
    await detectPreparedStatements(ds, cfg.dbPreparedStatements);
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
        const statuses = await trustStatuses(this, batch.map((b) => b.key));
        batch.forEach((b, n) => b.resolve(statuses[n]));
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
