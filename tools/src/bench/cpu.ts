import { readFileSync } from "node:fs";
import pg from "pg";

/**
 * Where a request's CPU goes: the CPU time (user + system) that the gateway process, the subgraph process and the
 * database's backends spent during one run, per completed request. Unlike throughput this hardly depends on what
 * else runs on the machine, so it shows what enforcement costs even on busy cores. Linux only (`/proc`); elsewhere
 * every figure is NaN, which the report prints as FAIL.
 */
export interface CpuPerRequest { gateway: number; subgraphs: number; database: number }

const TICK_MS = 10; // USER_HZ is 100 on every Linux the hub targets (`getconf CLK_TCK`)

/** utime + stime of a process in ms: 0 for no process (variant d has no gateway), NaN when it cannot be read. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** Samples the CPU of the backends serving one database (the bench's own), not counting the sampling session. */
export class DatabaseCpu {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<DatabaseCpu> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new DatabaseCpu(client);
  }

  /** CPU ms of every backend now serving the database, by pid. */
  async sample(): Promise<Map<number, number>> {
    const { rows } = await this.client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
  }

  /** CPU ms spent between two samples (a backend that started in between counts from zero, one that ended is lost). */
  static between(before: Map<number, number>, after: Map<number, number>): number {
    let ms = 0;
    for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
    return ms;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Measures one run: CPU of the two processes and of the database, divided by the requests it completed. */
export async function measureCpu<T extends { requests: number }>(pids: { gateway?: number; subgraphs: number }, db: DatabaseCpu, run: () => Promise<T>): Promise<T & { cpu: CpuPerRequest }> {
  const g0 = processCpuMs(pids.gateway);
  const s0 = processCpuMs(pids.subgraphs);
  const d0 = await db.sample();
  const r = await run();
  const d1 = await db.sample();
  const per = (ms: number) => ms / Math.max(r.requests, 1);
  return { ...r, cpu: { gateway: per(processCpuMs(pids.gateway) - g0), subgraphs: per(processCpuMs(pids.subgraphs) - s0), database: per(DatabaseCpu.between(d0, d1)) } };
}
