import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePorts } from "./ports.js";
import { waitFor } from "../support/wait.js";

const run = promisify(execFile);

/** The installed PostgreSQL's server binaries (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const major = readdirSync(root).filter((d) => existsSync(join(root, d, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a))[0];
  return major ? join(root, major, "bin") : null;
}

/** initdb and the server refuse to run as root: as root, run them as the `postgres` user. */
async function pgTool(bin: string, tool: string, args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
  const { stdout } = await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export interface PgCluster {
  primaryPort: number;
  standbyPort: number;
  /** libpq multi-host URL over both servers, writable session wanted. */
  url: string;
  /** A one-host URL to the server that is primary now. */
  primaryUrl(): string;
  /** Crash the primary (immediate stop) and promote the standby; resolves when the standby accepts writes. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A primary and a synchronous hot standby made with the installed PostgreSQL's initdb, pg_basebackup and pg_ctl in a
 * temporary directory (streaming replication, `synchronous_commit = on`: a commit returns only once the standby
 * has it, so nothing acknowledged is lost when the primary dies).
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "hub-pg-cluster-"));
  chmodSync(dir, 0o777);
  const [primaryPort, standbyPort] = await freePorts(2);
  const primary = join(dir, "primary");
  const standby = join(dir, "standby");
  const common = [`listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, "max_connections = 300", "fsync = off",
    "full_page_writes = off", "wal_level = replica", "max_wal_senders = 5", "hot_standby = on", "wal_keep_size = '256MB'", "shared_buffers = '64MB'"];
  await pgTool(bin, "initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "-N", "-E", "UTF8", "--locale=C"]);
  appendFileSync(join(primary, "postgresql.conf"), [...common, `port = ${primaryPort}`, `synchronous_standby_names = 'standby1'`, "synchronous_commit = on", ""].join("\n"));
  let current: "primary" | "standby" = "primary";
  const stopAll = async () => {
    for (const d of [primary, standby]) if (existsSync(join(d, "postmaster.pid"))) await pgTool(bin, "pg_ctl", ["-D", d, "-m", "immediate", "stop"]).catch(() => undefined);
  };
  try {
    await pgTool(bin, "pg_ctl", ["-D", primary, "-l", join(dir, "primary.log"), "-w", "-t", "120", "start"]);
    await pgTool(bin, "pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", standby, "-X", "stream", "-R"]);
    appendFileSync(join(standby, "postgresql.conf"), [`port = ${standbyPort}`, "synchronous_standby_names = ''", ""].join("\n"));
    appendFileSync(join(standby, "postgresql.auto.conf"), `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres application_name=standby1'\n`);
    await pgTool(bin, "pg_ctl", ["-D", standby, "-l", join(dir, "standby.log"), "-w", "-t", "120", "start"]);
    await waitFor("the standby streams synchronously", async () => {
      const rows = await query(primaryPort, "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'");
      return rows[0]?.sync_state === "sync";
    });
    await query(primaryPort, "CREATE DATABASE hub");
  } catch (e) {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    primaryPort, standbyPort,
    url: `postgres://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/hub?target_session_attrs=read-write`,
    primaryUrl: () => `postgres://postgres@127.0.0.1:${current === "primary" ? primaryPort : standbyPort}/hub`,
    async failover() {
      await pgTool(bin, "pg_ctl", ["-D", primary, "-m", "immediate", "stop"]);
      await pgTool(bin, "pg_ctl", ["-D", standby, "-w", "-t", "120", "promote"]);
      current = "standby";
      await waitFor("the promoted standby accepts writes", async () =>
        (await query(standbyPort, "SHOW transaction_read_only").catch(() => [{ transaction_read_only: "on" }]))[0].transaction_read_only === "off");
    },
    async stop() {
      await stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function query(port: number, sql: string, db = "postgres"): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${db}`, connectionTimeoutMillis: 3000 });
  c.on("error", () => undefined);
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}
