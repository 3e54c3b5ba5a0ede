import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { sendJson, type Route } from "@hub/common";

/**
 * GET /attachments?…: forwards a signed attachment URL to the documents subgraph and streams the bytes back. The
 * signature (issued by the documents subgraph after the PDP allowed the document) is the authorisation, so the
 * gateway adds nothing and checks nothing here; it only keeps the subgraphs off the public network.
 */
export function attachmentsProxy(documentsGraphqlUrl: string): Route {
  const base = documentsGraphqlUrl.replace(/\/graphql$/, "/attachments");
  return async (req: IncomingMessage, res: ServerResponse) => {
    const search = new URL(req.url ?? "/", "http://localhost").search;
    let upstream: Response;
    try {
      upstream = await fetch(base + search, { signal: AbortSignal.timeout(30_000) });
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
