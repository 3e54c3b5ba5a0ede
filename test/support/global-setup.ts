import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export interface HubUrls {
  gateway: string;
  subgraphs: Record<string, string>;
  databaseUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    hub: HubUrls;
  }
}

/**
 * Start the real hub (the same entry point as `npm start`) in a child process on free ports, on a fresh database:
 * embedded PGlite, or the PostgreSQL server named by the project's HUB_DB. Tests talk to it over HTTP only.
 */
export interface StartedHub {
  urls: HubUrls;
  /** Stop with SIGTERM; rejects when the hub does not exit cleanly. */
  stop(): Promise<void>;
  /** Kill without a chance to clean up (fault tests). */
  kill(): Promise<void>;
  /** Send SIGTERM without waiting (lifecycle tests); `exited` resolves with the exit code. */
  terminate(): void;
  exited: Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr: its log lines). */
  output(): string;
}

/** Origin the test hub accepts for CORS (CORS_ORIGINS). */
export const TEST_ORIGIN = "http://frontend.example.test:5173";

/** Start `tools/dist/start.js` with the given database (pglite = a fresh embedded one) on free ports. */
export async function startHubProcess(db: string, extraEnv: Record<string, string> = {}): Promise<StartedHub> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>), NODE_ENV: "test", HUB_RESET_DB: "1", LOG_LEVEL: "warn",
    GATEWAY_PORT: "0", PGLITE_PORT: "0", DOCUMENTS_PORT: "0", CLINICAL_PORT: "0", ELIGIBILITY_PORT: "0",
    PHR_PORT: "0", CONSENT_PORT: "0", RESEARCH_PORT: "0", EMERGENCY_SWEEP_MS: "300", DB_CONNECT_TIMEOUT_MS: "120000", CORS_ORIGINS: TEST_ORIGIN, ...extraEnv,
  };
  delete env.PGLITE_DATA_DIR;
  if (db === "pglite") delete env.DATABASE_URL;
  else env.DATABASE_URL = db;
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, "..", "..", "tools", "dist", "start.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let log = "";
  const hub = await new Promise<HubUrls>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within 300 s:\n${log}`)), 300_000);
    child.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      const m = log.match(/^HUB READY (.*)$/m);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]) as HubUrls);
      }
    });
    child.stderr!.on("data", (d: Buffer) => { log += d.toString(); });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`hub exited with ${code}:\n${log}`)); });
  });
  // Stopping doubles as a check that the hub shuts down cleanly on SIGTERM (as on Ctrl-C).
  const stop = async () => {
    stopping = true;
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<"timeout">((r) => { timer = setTimeout(() => r("timeout"), 60_000); })]);
    clearTimeout(timer);
    if (code === "timeout") {
      child.kill("SIGKILL");
      throw new Error("the hub did not shut down within 60 s of SIGTERM");
    }
    if (code !== 0) throw new Error(`the hub exited with code ${code} on SIGTERM:\n${log.slice(-2000)}`);
  };
  // A hub that dies while tests still use it says why (its last lines), instead of leaving only "fetch failed".
  let stopping = false;
  void exited.then((code) => {
    if (!stopping) console.error(`the hub process (${child.pid}) exited unexpectedly with ${code}; its last output:\n${log.slice(-4000)}`);
  });
  const kill = async () => {
    stopping = true;
    child.kill("SIGKILL");
    await exited;
  };
  return { urls: hub, stop, kill, terminate: () => { stopping = true; child.kill("SIGTERM"); }, exited, output: () => log };
}

/**
 * A database of its own for this run on the PostgreSQL server, so concurrent runs on one machine (a developer's and
 * CI's, or a newcomer check) never reset each other's data. Dropped afterwards.
 */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = (await import("pg")).default;
  const name = `hub_e2e_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = project.config.env?.HUB_DB ?? "pglite";
  const scratch = db === "pglite" ? null : await scratchDatabase(db);
  const started = await startHubProcess(scratch?.url ?? "pglite");
  project.provide("hub", started.urls);
  return async () => {
    try {
      await started.stop();
    } finally {
      await scratch?.drop();
    }
  };
}
