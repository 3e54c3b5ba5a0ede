import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { HUB_CONTEXT_HEADER, HubError, claimsOf, routeOperationHash, sendOperationOutcome, signHubContext, type HubConfig, type RequestContext, type Route } from "@hub/common";

/** Header naming the gateway's public base URL, so the research subgraph writes absolute status and file URLs. */
export const PUBLIC_BASE_HEADER = "x-hub-public-base";
const FORWARDED_REQUEST = ["accept", "prefer"];
const FORWARDED_RESPONSE = ["content-type", "content-length", "content-location", "x-progress", "retry-after", "expires", "cache-control", "content-disposition"];

/**
 * `/fhir/*` (FHIR Bulk Data: `$export` kick-off, status, files, cancel): authenticated like GraphQL requests (the same
 * token verification, rate limit and trust check), then forwarded with the signed hub context to the research
 * subgraph, which decides and answers; status and NDJSON files stream back unchanged. Refusals are OperationOutcomes.
 */
export function fhirProxy(deps: {
  authenticate(req: IncomingMessage): Promise<RequestContext>;
  cfg: HubConfig;
  researchGraphqlUrl: string;
  publicBase(): string;
}): Route {
  const upstreamBase = deps.researchGraphqlUrl.replace(/\/graphql$/, "");
  return async (req: IncomingMessage, res: ServerResponse) => {
    let ctx: RequestContext;
    try {
      ctx = await deps.authenticate(req);
    } catch (e) {
      return sendOperationOutcome(res, e, e instanceof HubError && e.code === "UNAUTHENTICATED" ? { "www-authenticate": "Bearer" } : {});
    }
    const claims = claimsOf(ctx);
    const headers: Record<string, string> = {
      [HUB_CONTEXT_HEADER]: await signHubContext(claims, deps.cfg.hubContextSecret, deps.cfg.hubContextTtlSeconds, routeOperationHash(req.method ?? "GET", req.url ?? "/")),
      [PUBLIC_BASE_HEADER]: deps.publicBase(),
    };
    for (const h of FORWARDED_REQUEST) {
      const v = req.headers[h];
      if (typeof v === "string") headers[h] = v;
    }
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    let upstream: Response;
    try {
      upstream = await fetch(upstreamBase + (req.url ?? "/"), { method: req.method, headers, signal: aborted.signal });
    } catch {
      return sendOperationOutcome(res, new HubError("INTERNAL", "the research service is unavailable"));
    }
    const out: Record<string, string> = {};
    for (const h of FORWARDED_RESPONSE) {
      const v = upstream.headers.get(h);
      if (v) out[h] = v;
    }
    res.writeHead(upstream.status, out);
    if (!upstream.body) return void res.end();
    Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream).on("error", () => res.destroy()).pipe(res);
  };
}
