import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, db, gql, hub } from "./support/client.js";
import { waitFor } from "./support/wait.js";

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const QUERY = `{ patient(id: "P-0001") { name vitals(first: 2) { nodes { id } } } }`;

describe("faults", () => {
  it("a subgraph killed under load: its fields fail, the others still answer, and it recovers when it returns", async () => {
    const phrPort = await freePort();
    const phrOnly = () => startHubProcess(hub().databaseUrl, { HUB_PARTS: "subgraphs", HUB_RESET_DB: "0", PHR_PORT: String(phrPort) });
    let x: StartedHub = await phrOnly();
    const urls = Object.fromEntries(Object.entries(hub().subgraphs).map(([k, v]) => [`${k.toUpperCase()}_URL`, v]));
    const gw = await startHubProcess(hub().databaseUrl, { HUB_PARTS: "gateway", ...urls, PHR_URL: x.urls.subgraphs.phr });
    try {
      const token = await as.doctorB();
      const ok = await gql<any>(QUERY, { token, url: gw.urls.gateway });
      expect(ok.data.patient.vitals.nodes).toHaveLength(2);

      const inFlight = Array.from({ length: 20 }, (_, i) => new Promise((r) => setTimeout(r, i * 10)).then(() => gql<any>(QUERY, { token, url: gw.urls.gateway })));
      const killing = x.kill();
      const during = await Promise.all(inFlight);
      await killing;
      expect(during.every((r) => r.status === 200 && r.data.patient.name === "北条 花子")).toBe(true);

      const down = await gql<any>(QUERY, { token, url: gw.urls.gateway });
      expect(down.status).toBe(200);
      expect(down.data.patient.name).toBe("北条 花子");
      expect(down.data.patient.vitals).toBeNull();
      expect(down.errors!.length).toBeGreaterThan(0);

      x = await phrOnly();
      const back = await gql<any>(QUERY, { token, url: gw.urls.gateway });
      expect(back.errors).toBeUndefined();
      expect(back.data.patient.vitals.nodes).toHaveLength(2);
    } finally {
      await gw.stop();
      await x.kill().catch(() => undefined);
    }
  });
});

describe.runIf(process.env.HUB_DB !== "pglite")("database connections lost (PostgreSQL)", () => {
  it("requests fail cleanly while the database drops every hub connection, then recover without restarting the hub", async () => {
    const c = await db();
    const killed = await c.query(`SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'hub-%'`);
    await c.end();
    expect(Number(killed.rows[0].n)).toBeGreaterThan(0);
    const token = await as.doctorB();
    await waitFor("the hub answers again after its connections were dropped", async () => {
      const r = await gql<any>(`{ patient(id: "P-0001") { name conditions { nodes { id } } } }`, { token });
      expect(r.status).toBeLessThan(500);
      for (const e of r.errors ?? []) expect(e.extensions?.code).toBeDefined();
      return r.errors === undefined && r.data.patient.conditions.nodes.length > 0;
    }, { everyMs: 250 });
  });
});
