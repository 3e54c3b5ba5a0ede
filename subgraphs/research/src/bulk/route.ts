import type { IncomingMessage, ServerResponse } from "node:http";
import { BadUserInputError, HUB_CONTEXT_HEADER, HubContextError, HubError, NotFoundError, UnauthenticatedError, config, logger, runWithContext, sendOperationOutcome, verifyHubContext, type RequestContext } from "@hub/common";
import { cancelExport, exportStatus } from "./status.js";
import { downloadFile } from "./files.js";
import { kickOff } from "./kickoff.js";

/** What a Bulk Data handler gets: the request, its URL, the gateway's public base for absolute URLs. */
export interface BulkRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** e.g. http://127.0.0.1:4000 (the gateway); status and file URLs are absolute under it. */
  base: string;
}

const ID = "([A-Za-z0-9-]{1,64})";
const ROUTES: [string, RegExp, (b: BulkRequest, ...ids: string[]) => Promise<void>][] = [
  ["GET", new RegExp(`^/fhir/Group/${ID}/\\$export$`), kickOff],
  ["GET", new RegExp(`^/fhir/bulkstatus/${ID}$`), exportStatus],
  ["DELETE", new RegExp(`^/fhir/bulkstatus/${ID}$`), cancelExport],
  ["GET", new RegExp(`^/fhir/bulkfiles/${ID}/([A-Za-z]{1,64})\\.ndjson$`), downloadFile],
];

function baseOf(req: IncomingMessage): string {
  const raw = req.headers["x-hub-public-base"];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (!v) return "";
  const u = new URL(v);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new BadUserInputError("bad public base");
  return u.toString().replace(/\/$/, "");
}

/**
 * `/fhir/*` of the research subgraph: the FHIR Bulk Data Access routes (HL7 FHIR Bulk Data IG v2: kick-off, status,
 * files, cancel), reached through the gateway only. Like every subgraph request it needs the gateway's fresh signed hub
 * context (401 otherwise); the handlers then run in that request context, so roles, audit and the decisions of the
 * GraphQL resolvers apply unchanged. Every refusal is an OperationOutcome with the hub's code.
 */
export async function bulkDataRoute(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let ctx: RequestContext;
  try {
    const header = req.headers[HUB_CONTEXT_HEADER];
    ctx = { ...(await verifyHubContext(Array.isArray(header) ? header[0] : header, config().hubContextSecret)), memo: new Map() };
  } catch (e) {
    return sendOperationOutcome(res, e instanceof HubContextError ? new UnauthenticatedError(`research: ${e.message}`) : e);
  }
  await runWithContext(ctx, async () => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      for (const [method, re, handler] of ROUTES) {
        const m = re.exec(url.pathname);
        if (m && req.method === method) return await handler({ req, res, url, base: baseOf(req) }, ...m.slice(1));
      }
      throw new NotFoundError(`no Bulk Data operation at ${req.method} ${url.pathname}`);
    } catch (e) {
      if (!(e instanceof HubError)) logger("research").error({ err: e }, "bulk data request failed");
      sendOperationOutcome(res, e);
    }
  });
}
