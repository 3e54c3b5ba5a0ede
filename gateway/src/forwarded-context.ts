import type { IncomingMessage, ServerResponse } from "node:http";
import { errorStatus, HubError, sendJson } from "@hub/common";

/** Verifies the caller and signs the hub context bound to the upstream request (`method path?query`). */
export type ForwardAuthenticate = (req: IncomingMessage, upstreamPath: string) => Promise<string>;

/**
 * The hub context for a route the gateway forwards to a subgraph (attachments, slips, the notification stream): the
 * bearer token verified exactly as for GraphQL and the context bound to the upstream URL's path and query. A refusal
 * is answered here (coded JSON error, the HTTP status of the one error mapping) and null returned.
 */
export async function forwardedContext(req: IncomingMessage, res: ServerResponse, authenticate: ForwardAuthenticate, upstreamUrl: string): Promise<string | null> {
  const u = new URL(upstreamUrl);
  try {
    return await authenticate(req, u.pathname + u.search);
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    sendJson(res, errorStatus(e), { errors: [{ message: e.message, extensions: e.extensions }] });
    return null;
  }
}
