import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { HUB_CONTEXT_HEADER, sendJson, type Route } from "@hub/common";
import { forwardedContext, type ForwardAuthenticate } from "./forwarded-context.js";

/**
 * GET /attachments?…: the caller's bearer token is verified exactly as for GraphQL (`authenticate` signs the same hub
 * context), then the request goes to the documents subgraph, which checks the URL was issued to this caller and
 * asks the PDP again before streaming the bytes back. The gateway keeps the subgraphs off the public network.
 */
export function attachmentsProxy(documentsGraphqlUrl: string, authenticate: ForwardAuthenticate, path = "/attachments"): Route {
  const base = documentsGraphqlUrl.replace(/\/graphql$/, path);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const search = new URL(req.url ?? "/", "http://localhost").search;
    const hubContext = await forwardedContext(req, res, authenticate, base + search);
    if (hubContext === null) return;
    let upstream: Response;
    try {
      upstream = await fetch(base + search, { headers: { [HUB_CONTEXT_HEADER]: hubContext }, signal: AbortSignal.timeout(30_000) });
    } catch {
      return sendJson(res, 502, { error: "documents service unavailable" });
    }
    const headers: Record<string, string> = {};
    for (const h of ["content-type", "content-length", "cache-control", "x-content-type-options", "content-disposition"]) {
      const v = upstream.headers.get(h);
      if (v) headers[h] = v;
    }
    res.writeHead(upstream.status, headers);
    if (!upstream.body) return void res.end();
    Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream).pipe(res);
  };
}
