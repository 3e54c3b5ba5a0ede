import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";

/**
 * Each case runs in its own Node process: the environment switch is process-wide and gcp-metadata caches whether a
 * metadata server answered. The probe goes to GCE_METADATA_HOST, pointed here at a local server that counts calls.
 */
const construct = (how: "plain" | "hub") => `
  const { ApolloGateway } = require("@apollo/gateway");
  const { newApolloGateway, readSupergraph } = require("@hub/gateway");
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  const config = { supergraphSdl: readSupergraph() };
  const gateway = ${how === "plain" ? "new ApolloGateway(config)" : "newApolloGateway(config)"};
  console.log("constructed");
  // Stay up until the parent ends us: a probe, if any, has all the time it needs.
  process.stdin.resume();
`;

function run(how: "plain" | "hub", metadataHost: string): { kill(): void; stderr: () => string; constructed: () => boolean } {
  let err = "";
  let out = "";
  const child = spawn(process.execPath, ["-e", construct(how)], {
    env: { ...process.env, GCE_METADATA_HOST: metadataHost, METADATA_SERVER_DETECTION: "ping-only", NODE_ENV: "test" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
  child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
  return { kill: () => child.kill("SIGKILL"), stderr: () => err, constructed: () => out.includes("constructed") };
}

async function metadataServer(): Promise<{ server: Server; host: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => { hits++; res.writeHead(403).end(); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { server, host: `127.0.0.1:${(server.address() as { port: number }).port}`, hits: () => hits };
}

describe("the gateway library does not call out on its own", () => {
  it("a plain ApolloGateway probes the cloud metadata server; the hub's does not", async () => {
    const plainMeta = await metadataServer();
    const hubMeta = await metadataServer();
    const hub = run("hub", hubMeta.host);
    let plain: ReturnType<typeof run> | undefined;
    try {
      await expect.poll(() => hub.constructed(), { timeout: 120_000, interval: 100 }).toBe(true);
      // The control, started only once the hub's gateway exists: without the switch the library probes the host.
      plain = run("plain", plainMeta.host);
      await expect.poll(() => plainMeta.hits(), { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
      // The hub's gateway has existed longer than the control took from spawn to probe, on the same machine: nothing.
      expect(hubMeta.hits()).toBe(0);
      expect(hub.stderr()).toBe("");
    } finally {
      plain?.kill();
      hub.kill();
      plainMeta.server.close();
      hubMeta.server.close();
    }
  }, 150_000);
});
