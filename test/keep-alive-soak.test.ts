import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, hub } from "./support/client.js";

/**
 * Gateway-to-subgraph connections never fail on reuse (issue #26): subgraphs and a gateway of their own (on the
 * suite's database) with short keep-alive timeouts (subgraphs keep idle connections 1.5 s, the gateway closes its
 * pooled ones after 1 s) get bursts of requests
 * separated by idle gaps just below, at and just above both timeouts, the moments a pooled socket meets a server
 * closing it. Bounded: 5,000 requests and about 15 s of gaps.
 */
const KEEP_ALIVE = 1500;
const IDLE = 1000;
const GAPS = [IDLE - 50, IDLE, IDLE + 50, KEEP_ALIVE - 50, KEEP_ALIVE, KEEP_ALIVE + 50, IDLE + 250, KEEP_ALIVE + 250, 200, KEEP_ALIVE + 500];
const PER_BURST = 500;
const CONCURRENCY = 16;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Start a hub part; on a loaded machine the embedded database can refuse a start-up connection, so try thrice. */
async function start(env: Record<string, string>): Promise<StartedHub> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startHubProcess(hub().databaseUrl, env);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

describe("keep-alive soak: bursts and idle gaps around the keep-alive timeouts", () => {
  let subgraphs: StartedHub;
  let gateway: StartedHub;
  beforeAll(async () => {
    const timeouts = { SUBGRAPH_KEEP_ALIVE_MS: String(KEEP_ALIVE), GATEWAY_SUBGRAPH_IDLE_MS: String(IDLE) };
    subgraphs = await start({ HUB_PARTS: "subgraphs", HUB_RESET_DB: "0", ...timeouts });
    const urls = Object.fromEntries(Object.entries(subgraphs.urls.subgraphs).map(([k, v]) => [`${k.toUpperCase()}_URL`, v]));
    gateway = await start({ HUB_PARTS: "gateway", ...urls, ...timeouts, RATE_PER_SECOND: "100000", RATE_BURST: "1000000" });
  }, 400_000);
  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
  });

  it("0 failures in 5,000 requests", async () => {
    const token = await as.doctorB();
    const body = JSON.stringify({ query: `{ patient(id: "P-0001") { name allergies { nodes { id } } } }` });
    const failures: string[] = [];
    let done = 0;
    const one = async () => {
      try {
        const res = await fetch(gateway.urls.gateway, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
        const json = (await res.json()) as { errors?: { message: string }[] };
        if (res.status !== 200 || json.errors) failures.push(`${res.status} ${json.errors?.[0]?.message ?? ""}`);
      } catch (e) {
        failures.push(String(e));
      }
      done += 1;
    };
    for (const gap of GAPS) {
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next++ < PER_BURST) await one(); }));
      await sleep(gap); // idle: the pooled sockets age towards the timeouts (a gap, not a budget)
    }
    expect(done).toBeGreaterThanOrEqual(5000);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 300_000);
});
