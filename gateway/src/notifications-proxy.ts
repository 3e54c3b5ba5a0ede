import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { HUB_CONTEXT_HEADER, sendJson, type Route } from "@hub/common";
import { forwardedContext, type ForwardAuthenticate } from "./forwarded-context.js";

/**
 * GET /notifications/stream: the caller's notifications as Server-Sent Events. The bearer token is verified exactly
 * as for GraphQL, then the consent subgraph (which owns notifications) streams them; the gateway passes the stream
 * through unbuffered and closes the upstream when the browser goes away. `Last-Event-ID` is forwarded for resumption.
 */
export function notificationsProxy(consentGraphqlUrl: string, authenticate: ForwardAuthenticate): Route {
  const base = consentGraphqlUrl.replace(/\/graphql$/, "/notifications/stream");
  return async (req: IncomingMessage, res: ServerResponse) => {
    const search = new URL(req.url ?? "/", "http://localhost").search;
    const hubContext = await forwardedContext(req, res, authenticate, base + search);
    if (hubContext === null) return;
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    const lastEventId = req.headers["last-event-id"];
    let upstream: Response;
    try {
      upstream = await fetch(base + search, {
        headers: { [HUB_CONTEXT_HEADER]: hubContext, ...(typeof lastEventId === "string" ? { "last-event-id": lastEventId } : {}) }, signal: abort.signal,
      });
    } catch {
      return sendJson(res, 502, { error: "consent service unavailable" });
    }
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no",
    });
    res.flushHeaders();
    if (!upstream.body) return void res.end();
    const body = Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream);
    body.on("error", () => res.end());
    body.pipe(res);
  };
}
