import { databaseAnswers, sendJson, type Route } from "@hub/common";
import type { TrustStore } from "./trust/trust-store.js";

/**
 * `GET /readyz`: ready when the gateway's own database connection (the trust registry it reads on every request)
 * answers and every subgraph says it is ready (each checks its database). 503 otherwise, and while stopping.
 */
export function readinessRoute(subgraphUrls: Record<string, string>, trust: TrustStore): Route {
  return async (_req, res) => {
    const [database, checks] = await Promise.all([
      databaseAnswers(trust.ds),
      Promise.all(Object.entries(subgraphUrls).map(async ([name, url]) => {
        try {
          const r = await fetch(url.replace(/\/graphql$/, "/readyz"), { signal: AbortSignal.timeout(2000) });
          return [name, r.ok] as const;
        } catch {
          return [name, false] as const;
        }
      })),
    ]);
    const ready = database && checks.every(([, ok]) => ok);
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", database, subgraphs: Object.fromEntries(checks) });
  };
}
