import type { ServerResponse } from "node:http";
import { HubError, type ErrorCode } from "../errors.js";
import { errorStatus, sendJson } from "./server.js";

/** FHIR R4 OperationOutcome issue codes (hl7.org/fhir/R4/valueset-issue-type.html) for the hub's error codes. */
const ISSUE_CODE: Record<string, string> = {
  UNAUTHENTICATED: "login", FORBIDDEN: "forbidden", EMERGENCY_ACCESS_REQUIRED: "forbidden", NOT_FOUND: "not-found",
  BAD_USER_INPUT: "invalid", FHIR_VALIDATION_FAILED: "invalid", CONFLICT: "conflict", RATE_LIMITED: "throttled", INTERNAL: "exception",
};

/**
 * A refusal on a FHIR HTTP endpoint (Bulk Data) as an OperationOutcome: the hub's code and rule go in
 * `details.coding` (system urn:hub:error-code), the message in `details.text` and `diagnostics`.
 */
export function operationOutcome(code: ErrorCode, message: string, rule?: string): Record<string, unknown> {
  return {
    resourceType: "OperationOutcome",
    issue: [{
      severity: "error", code: ISSUE_CODE[code] ?? "exception", diagnostics: message,
      details: { text: message, coding: [{ system: "urn:hub:error-code", code }, ...(rule ? [{ system: "urn:hub:rule", code: rule }] : [])] },
    }],
  };
}

/** An informational OperationOutcome (the body of a 202 Accepted). */
export const informational = (message: string): Record<string, unknown> =>
  ({ resourceType: "OperationOutcome", issue: [{ severity: "information", code: "informational", diagnostics: message, details: { text: message } }] });

export function sendOperationOutcome(res: ServerResponse, e: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const hub = e instanceof HubError ? e : new HubError("INTERNAL", "internal error");
  const rule = typeof hub.extensions.rule === "string" ? hub.extensions.rule : undefined;
  sendJson(res, errorStatus(hub), operationOutcome(hub.code, hub.message, rule), { "content-type": "application/fhir+json; charset=utf-8", ...headers });
}
