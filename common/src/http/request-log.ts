import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp, type HttpLogger } from "pino-http";
import type { Logger } from "pino";
import { requestInfo } from "./request-info.js";

/** Probes and scrapes are not logged when they succeed (they would drown the request log). */
const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);

const pathOf = (url: string | undefined) => (url ?? "/").split("?")[0];

/**
 * One JSON line per request (pino-http) when the response is finished: `requestId` (the key of the audit events,
 * metrics and trace), `traceId`, `route`, `operation`, actor `role` and `org`, `clientAddress`, `res.statusCode`,
 * `responseTime` (ms). The request is logged as method and path only: no query string (signed URLs), no headers
 * (tokens), no body or variables (patient data).
 */
export function requestLogger(log: Logger): HttpLogger<IncomingMessage, ServerResponse> {
  const fields = (req: IncomingMessage) => {
    const i = requestInfo(req);
    return {
      requestId: i.requestId, traceId: i.traceId, route: i.route, operation: i.operation, role: i.role, org: i.org, clientAddress: i.clientAddress,
    };
  };
  return pinoHttp({
    logger: log,
    genReqId: (req) => requestInfo(req).requestId,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ message: err.message }),
    },
    autoLogging: { ignore: (req) => QUIET.has(pathOf(req.url)) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: () => "request completed",
    customErrorMessage: () => "request failed",
    customSuccessObject: (req, _res, base) => ({ ...base, ...fields(req) }),
    customErrorObject: (req, _res, _err, base) => ({ ...base, ...fields(req) }),
  });
}
