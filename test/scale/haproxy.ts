import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "./ports.js";
import { waitFor } from "../support/wait.js";

const NO_REPLICA = JSON.stringify({ errors: [{ message: "no hub replica is available; retry shortly", extensions: { code: "INTERNAL" } }] });

/** Is Debian's HAProxy installed? (`.ci/run` installs it.) */
export function haproxyAvailable(): boolean {
  return spawnSync("haproxy", ["-v"]).status === 0;
}

export interface Backend {
  name: string;
  /** Health check path. */
  check: string;
  servers: { name: string; port: number }[];
}

export interface Balancer {
  /** `http://127.0.0.1:<port>` of each backend's frontend, by backend name. */
  urls: Record<string, string>;
  /** HAProxy's runtime API (admin socket): `disable server gw/g2`, `show stat`, … */
  admin(command: string): Promise<string>;
  /** Every server that is not administratively disabled passes its health check. */
  allUp(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * HAProxy in front of every replica: one frontend and backend per service, round-robin per request, health checks
 * on `/readyz` (a draining replica answers 503 and leaves the rotation). The config is generated here; the
 * reference deployment (deploy/haproxy.cfg) has the same shape.
 */
export async function startBalancer(backends: Backend[]): Promise<Balancer> {
  const dir = mkdtempSync(join(tmpdir(), "hub-haproxy-"));
  const socket = join(dir, "admin.sock");
  const ports = await freePorts(backends.length);
  const lines = [
    "global", `  stats socket ${socket} mode 600 level admin`, "  maxconn 4000",
    "defaults", "  mode http", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
    "  timeout http-keep-alive 120s", "  option http-keep-alive", "  retries 2", "  option redispatch",
    // Checks tolerate a slow answer under load (a busy replica is not a dead one): 10 s to answer, 5 misses to leave.
    "  timeout check 10s", "  default-server inter 500ms fall 5 rise 1",
  ];
  const urls: Record<string, string> = {};
  backends.forEach((b, i) => {
    urls[b.name] = `http://127.0.0.1:${ports[i]}`;
    lines.push(`frontend fe_${b.name}`, `  bind 127.0.0.1:${ports[i]}`, `  default_backend ${b.name}`,
      `backend ${b.name}`, "  balance roundrobin", `  option httpchk GET ${b.check}`,
      // No replica up (all draining, or the database switching over): a coded GraphQL error with Retry-After.
      `  http-error status 503 content-type application/json string '${NO_REPLICA}' hdr Retry-After 2`,
      ...b.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`));
  });
  const cfg = join(dir, "haproxy.cfg");
  writeFileSync(cfg, lines.join("\n") + "\n");
  const child: ChildProcess = spawn("haproxy", ["-db", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => { log += d; });
  child.stderr!.on("data", (d: Buffer) => { log += d; });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const admin = (command: string) => new Promise<string>((resolve, reject) => {
    const s = connect(socket);
    let out = "";
    s.on("data", (d) => { out += d; });
    s.on("end", () => resolve(out));
    s.on("error", reject);
    s.write(command + "\n");
  });
  await waitFor(`HAProxy answers on its admin socket\n${log}`, () => admin("show info").then(() => true, () => false), { limitMs: 30_000 });
  const allUp = async () => {
    const csv = await admin("show stat");
    const rows = csv.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(","));
    const servers = rows.filter((r) => r[1] !== "FRONTEND" && r[1] !== "BACKEND");
    return servers.every((r) => r[17] === "UP" || r[17] === "MAINT");
  };
  return {
    urls, admin, allUp,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
