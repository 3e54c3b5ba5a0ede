import pg from "pg";
import type { DbHost, ParsedDatabaseUrl } from "./database-url.js";

/** Where a multi-host pool connects now: the host that last had the wanted session, tried first next time. */
export interface HostState {
  preferred: DbHost | null;
  /** How many times the hosts were searched (a search happens when the preferred host fails or is read-only). */
  searches: number;
}

/**
 * A node-postgres `Client` class for a URL with several hosts. Before each connection it asks the hosts, the last
 * good one first, which of them has the session `target_session_attrs` asks for (`read-write`: `SHOW
 * transaction_read_only` is off; `primary`: not in recovery), as libpq does, then connects there. After a failover
 * the pool's broken connections are dropped and new ones find the promoted standby: the hub reconnects without a
 * restart. A host that refuses or times out costs `probeTimeoutMs` at most.
 */
export function multiHostClientClass(url: ParsedDatabaseUrl, state: HostState, probeTimeoutMs = 3000): typeof pg.Client {
  async function usable(h: DbHost): Promise<boolean> {
    const probe = new pg.Client({ connectionString: url.forHost(h), connectionTimeoutMillis: probeTimeoutMs });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      if (url.targetSessionAttrs === "any") return true;
      if (url.targetSessionAttrs === "primary") return !(await probe.query("SELECT pg_is_in_recovery() AS r")).rows[0].r;
      return (await probe.query("SHOW transaction_read_only")).rows[0].transaction_read_only === "off";
    } catch {
      return false;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }

  async function pick(): Promise<DbHost> {
    if (state.preferred && (await usable(state.preferred))) return state.preferred;
    state.searches++;
    for (const h of url.hosts) {
      if (h === state.preferred) continue;
      if (await usable(h)) return (state.preferred = h);
    }
    state.preferred = null;
    const list = url.hosts.map((h) => `${h.host}:${h.port}`).join(", ");
    throw new Error(`no ${url.targetSessionAttrs} PostgreSQL host among ${list}`);
  }

  return class MultiHostClient extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloads (promise or callback)
    override connect(callback?: any): any {
      const done = pick().then((h) => {
        const self = this as unknown as { host: string; port: number; connectionParameters: { host: string; port: number } };
        self.host = self.connectionParameters.host = h.host;
        self.port = self.connectionParameters.port = h.port;
        return super.connect().then(() => this);
      });
      if (!callback) return done;
      void done.then(() => callback(null, this), (err: Error) => callback(err));
    }
  } as unknown as typeof pg.Client;
}
