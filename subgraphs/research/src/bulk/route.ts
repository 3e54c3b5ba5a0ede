import type { IncomingMessage, ServerResponse } from "node:http";
import { BadUserInputError, HubError, NotFoundError, logger, sendOperationOutcome, type ContextRoute, type OperationDeclaration } from "@hub/common";
import { DOWNLOAD_JOB, EXPORT_REQUEST } from "../extraction/job-access.js";
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
  recorded: () => Promise<void>;
}

type Handler = (b: BulkRequest, ...ids: string[]) => Promise<void>;
const ID = "([A-Za-z0-9-]{1,64})";
/** The routes, each with its operation (decided by the PDP before the handler runs) and the argument it decides on. */
const ROUTES: [string, RegExp, Handler, OperationDeclaration, string][] = [
  ["GET", new RegExp(`^/fhir/Group/${ID}/\\$export$`), kickOff, EXPORT_REQUEST, "requestId"],
  ["GET", new RegExp(`^/fhir/bulkstatus/${ID}$`), exportStatus, DOWNLOAD_JOB, "jobId"],
  ["DELETE", new RegExp(`^/fhir/bulkstatus/${ID}$`), cancelExport, DOWNLOAD_JOB, "jobId"],
  ["GET", new RegExp(`^/fhir/bulkfiles/${ID}/([A-Za-z]{1,64})\\.ndjson$`), downloadFile, DOWNLOAD_JOB, "jobId"],
];

function match(req: IncomingMessage) {
  const url = new URL(req.url ?? "/", "http://localhost");
  for (const [method, re, handler, decl, arg] of ROUTES) {
    const m = re.exec(url.pathname);
    if (m && req.method === method) return { url, handler, decl, args: { [arg]: m[1] }, ids: m.slice(1) };
  }
  return null;
}

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
 * files, cancel), reached through the gateway only, with its signed hub context (401 otherwise). Each route's
 * operation is decided by the PDP before its handler runs, exactly as for the GraphQL fields of the same data; every
 * refusal is an OperationOutcome with the hub's code.
 */
export const bulkDataRoute: ContextRoute = {
  operation: (req) => {
    const m = match(req);
    return m ? { decl: m.decl, args: m.args } : null;
  },
  refuse: (res, e) => sendOperationOutcome(res, e),
  async handle(req, res, recorded) {
    try {
      const m = match(req);
      if (!m) throw new NotFoundError(`no Bulk Data operation at ${req.method} ${new URL(req.url ?? "/", "http://localhost").pathname}`);
      await m.handler({ req, res, url: m.url, base: baseOf(req), recorded }, ...m.ids);
    } catch (e) {
      await recorded().catch(() => undefined);
      if (!(e instanceof HubError)) logger("research").error({ err: e }, "bulk data request failed");
      sendOperationOutcome(res, e);
    }
  },
};
