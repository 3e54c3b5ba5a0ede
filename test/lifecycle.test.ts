import { execFile } from "node:child_process";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startHubProcess } from "./support/global-setup.js";
import { as, gql, hub } from "./support/client.js";
import { waitFor } from "./support/wait.js";

const run = promisify(execFile);
const START = join(__dirname, "..", "tools", "dist", "start.js");
const subgraphEnv = () => Object.fromEntries(Object.entries(hub().subgraphs).map(([k, v]) => [`${k.toUpperCase()}_URL`, v]));

/** A proxy in front of one subgraph that holds each request until the test releases it: a slow request on demand. */
function holdingProxy(target: string): Promise<{ url: string; arrived: Promise<void>; release(): void; server: Server }> {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((r) => { arrive = r; });
  const released = new Promise<void>((r) => { release = r; });
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      arrive();
      await released;
      const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () =>
    resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, arrived, release, server })));
}

/** Start the hub with a bad setting and return what it printed and its exit code. */
async function failedStart(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const r = await run(process.execPath, [START], { env: { ...process.env, NODE_ENV: "test", ...env } as NodeJS.ProcessEnv })
    .then(() => ({ code: 0, stderr: "" }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
  return r;
}

describe("graceful shutdown", () => {
  it("SIGTERM during a slow request lets it finish with 200, refuses new connections meanwhile, then exits 0", async () => {
    const proxy = await holdingProxy(hub().subgraphs.consent);
    const gw = await startHubProcess(hub().databaseUrl, { HUB_PARTS: "gateway", ...subgraphEnv(), CONSENT_URL: proxy.url, SHUTDOWN_GRACE_MS: "30000" });
    try {
      const inFlight = gql<any>(`query Slow { me { sub role } }`, { token: await as.doctorB(), url: gw.urls.gateway });
      await proxy.arrived; // the request is inside the gateway, waiting on the consent subgraph
      gw.terminate();
      // The gateway stops accepting connections while it drains.
      await waitFor("the draining gateway refuses new connections", () =>
        fetch(gw.urls.gateway.replace(/\/graphql$/, "/healthz"), { headers: { connection: "close" } }).then(() => false, () => true), { everyMs: 50 });
      await expect(fetch(gw.urls.gateway.replace(/\/graphql$/, "/healthz"))).rejects.toThrow();
      proxy.release();
      const r = await inFlight;
      expect(r.status).toBe(200);
      expect(r.data.me).toEqual({ sub: "D-001", role: "DOCTOR" });
      expect(await gw.exited).toBe(0);
    } finally {
      proxy.release();
      proxy.server.close();
      await gw.kill().catch(() => undefined);
    }
  });
});

describe("readiness", () => {
  it("/readyz checks the database of the gateway and of every subgraph", async () => {
    const res = await fetch(hub().gateway.replace(/\/graphql$/, "/readyz"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { database: boolean; subgraphs: Record<string, boolean> };
    expect(body.database).toBe(true);
    expect(Object.values(body.subgraphs).every(Boolean)).toBe(true);
    for (const [name, url] of Object.entries(hub().subgraphs)) {
      const s = (await (await fetch(url.replace(/\/graphql$/, "/readyz"))).json()) as { database: boolean; service: string };
      expect(s, name).toEqual({ status: "ready", service: name, database: true });
    }
  });
});

describe("start-up errors are one line", () => {
  const oneLine = (stderr: string) => stderr.split("\n").filter((l) => l.trim() !== "");

  it("a busy port names the setting, without a stack trace", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await failedStart({ HUB_PARTS: "gateway", DATABASE_URL: hub().databaseUrl, GATEWAY_PORT: String(port), LOG_LEVEL: "warn", ...subgraphEnv() });
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toEqual([`configuration error: GATEWAY_PORT ${port} on 127.0.0.1 is already in use (is another hub running? choose another port)`]);
    } finally {
      busy.close();
    }
  });

  it("a bad LOG_LEVEL or TRUST_PROXY=maybe stops the start with one line naming the variable", async () => {
    const level = await failedStart({ LOG_LEVEL: "verbose" });
    expect(level.code).toBe(1);
    expect(oneLine(level.stderr)).toEqual(['configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"']);
    const proxy = await failedStart({ TRUST_PROXY: "maybe" });
    expect(proxy.code).toBe(1);
    expect(oneLine(proxy.stderr)).toEqual(['configuration error: TRUST_PROXY must be true or false (or 1 / 0), got "maybe"']);
  });
});
