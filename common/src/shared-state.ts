import type { HubContextClaims, RequestState } from "./request-context.js";

/**
 * State shared by the subgraph calls of one gateway request that one process serves (several subgraphs in one
 * process, as `npm start` and the default deployment run them): a patient's attributes, read by the first call that
 * needs them, serve the request's other calls too, so a summary over four subgraphs reads them once, not four times.
 * Only slots declared with scope "gateway-request" live here (`RequestSlot`); everything else stays per call.
 *
 * What makes calls one request: the same verified claims (the gateway's request id, random per request, with the
 * same actor, purpose and grant), within `LIFETIME_MS` of the first call. A call whose operation (query and
 * variables, the hash its context is bound to) the request has served already is not one of the gateway's calls
 * but a replay of a captured context: it gets no shared state, so it reads everything afresh, as every call did
 * before. The window is short, so a request decides on one snapshot of each patient and the next request on a new one.
 */
const LIFETIME_MS = 2_000;
/** Requests kept at most (a bound on memory under any load; an evicted request's later calls just read again). */
const MAX_REQUESTS = 10_000;

interface Group { state: RequestState; operations: Set<string>; until: number }

const groups = new Map<string, Group>();

/** The shared state for a subgraph call with these claims, bound to operation `op`; undefined for a replayed call. */
export function sharedStateFor(claims: HubContextClaims, op: string, now = Date.now()): RequestState | undefined {
  // Map order is creation order and every group lives equally long: the expired ones are at the front.
  for (const [k, g] of groups) {
    if (g.until > now && groups.size < MAX_REQUESTS) break;
    groups.delete(k);
  }
  const key = JSON.stringify([claims.requestId, claims.actor, claims.purpose, claims.emergencyAccessId ?? null, claims.clientAddress ?? null]);
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { state: new Map(), operations: new Set(), until: now + LIFETIME_MS }));
  if (g.operations.has(op)) return undefined;
  g.operations.add(op);
  return g.state;
}
