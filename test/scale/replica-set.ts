import { SUBGRAPH_NAMES } from "@hub/common";
import { startHubProcess, type StartedHub } from "../support/global-setup.js";
import { startBalancer, type Balancer } from "./haproxy.js";
import { freePorts } from "./ports.js";
import { waitFor } from "../support/wait.js";

export interface ReplicaSets {
  /** The balancer's gateway frontend: what clients use. */
  gatewayUrl: string;
  balancer: Balancer;
  /** The gateway processes and subgraph processes, set by set (set i = gateways[i] + subgraphs[i]). */
  gateways: StartedHub[];
  subgraphs: StartedHub[];
  /** Only set `i` serves (the others are put in maintenance on the balancer), or every set with `null`. */
  only(i: number | null): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `sets` replica sets over one database: each set is one process running every subgraph (`HUB_PARTS=subgraphs`)
 * and one gateway process (`HUB_PARTS=gateway`); HAProxy balances the gateways for clients and each subgraph's
 * replicas for the gateways, so any request may cross any replica. Processes of all sets start at once (they
 * migrate and seed one at a time under the hub's advisory lock).
 */
export async function startReplicaSets(databaseUrl: string, sets: number, env: Record<string, string> = {}): Promise<ReplicaSets> {
  const base = { HUB_RESET_DB: "0", DATABASE_URL: databaseUrl, ...env };
  const subgraphs = await Promise.all(Array.from({ length: sets }, (_, i) =>
    startHubProcess(databaseUrl, { ...base, HUB_PARTS: "subgraphs", JOB_HOLDER: `replica-${i + 1}` })));
  const gatewayPorts = await freePorts(sets);
  const portOf = (url: string) => Number(new URL(url).port);
  const balancer = await startBalancer([
    { name: "gateway", check: "/readyz", servers: gatewayPorts.map((port, i) => ({ name: `s${i + 1}`, port })) },
    ...SUBGRAPH_NAMES.map((name) => ({ name, check: "/healthz", servers: subgraphs.map((s, i) => ({ name: `s${i + 1}`, port: portOf(s.urls.subgraphs[name]) })) })),
  ]);
  const subgraphEnv = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `${balancer.urls[n]}/graphql`]));
  const gateways = await Promise.all(gatewayPorts.map((port, i) =>
    startHubProcess(databaseUrl, { ...base, ...subgraphEnv, HUB_PARTS: "gateway", GATEWAY_PORT: String(port), JOB_HOLDER: `gateway-${i + 1}` })));
  await waitFor("HAProxy sees every replica up", () => balancer.allUp());
  const backends = ["gateway", ...SUBGRAPH_NAMES];
  const only = async (keep: number | null) => {
    for (const b of backends) for (let i = 0; i < sets; i++) {
      await balancer.admin(`${keep === null || keep === i ? "enable" : "disable"} server ${b}/s${i + 1}`);
    }
    await waitFor("HAProxy sees the serving replicas up", () => balancer.allUp());
  };
  return {
    gatewayUrl: `${balancer.urls.gateway}/graphql`, balancer, gateways, subgraphs, only,
    async stop() {
      await Promise.allSettled(gateways.map((g) => g.stop()));
      await Promise.allSettled(subgraphs.map((s) => s.stop()));
      await balancer.stop();
    },
  };
}
