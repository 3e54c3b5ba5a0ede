import { GraphQLError, type GraphQLFormattedError } from "graphql";

/** Stable error codes of the public contract (SPEC §10). */
export type ErrorCode =
  | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_USER_INPUT" | "FHIR_VALIDATION_FAILED"
  | "EMERGENCY_ACCESS_REQUIRED" | "CONFLICT" | "RATE_LIMITED" | "INTERNAL";

/** Base of every error we raise on purpose: the message and extensions are safe to show to callers. */
export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = "HubError";
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = "authentication required") {
    super("UNAUTHENTICATED", message);
  }
}

/** A denied field or operation. `category` and `rule` tell the caller which data and which rule. */
export class ForbiddenError extends HubError {
  constructor(message: string, details: { category?: string; rule?: string; reason?: string } = {}) {
    super("FORBIDDEN", message, details);
  }
}

export class NotFoundError extends HubError {
  constructor(message = "not found") {
    super("NOT_FOUND", message);
  }
}

export class BadUserInputError extends HubError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("BAD_USER_INPUT", message, details);
  }
}

export interface ValidationIssue {
  ruleId: string;
  path: string;
  message: string;
  severity: "error" | "warning";
}

export class FhirValidationError extends HubError {
  constructor(issues: ValidationIssue[]) {
    super("FHIR_VALIDATION_FAILED", `the FHIR resource failed ${issues.length} check(s)`, { issues });
  }
}

export class EmergencyAccessRequiredError extends HubError {
  constructor(message = "purpose ETREAT needs an active emergency access (x-emergency-access)") {
    super("EMERGENCY_ACCESS_REQUIRED", message);
  }
}

export class ConflictError extends HubError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

export class RateLimitedError extends HubError {
  constructor(message = "too many requests", retryAfterSeconds?: number) {
    super("RATE_LIMITED", message, retryAfterSeconds ? { retryAfterSeconds } : {});
  }
}

const KNOWN_CODES = new Set<string>([
  "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "FHIR_VALIDATION_FAILED",
  "EMERGENCY_ACCESS_REQUIRED", "CONFLICT", "RATE_LIMITED", "INTERNAL",
]);

/** Apollo's own codes for malformed requests, mapped onto ours. */
const APOLLO_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: "BAD_USER_INPUT",
  GRAPHQL_VALIDATION_FAILED: "BAD_USER_INPUT",
  BAD_REQUEST: "BAD_USER_INPUT",
  PERSISTED_QUERY_NOT_SUPPORTED: "BAD_USER_INPUT",
  PERSISTED_QUERY_NOT_FOUND: "BAD_USER_INPUT",
  OPERATION_RESOLUTION_FAILURE: "BAD_USER_INPUT",
  INTERNAL_SERVER_ERROR: "INTERNAL",
};

/**
 * The one place where errors become what callers see. Our own codes pass through; Apollo's request errors
 * become BAD_USER_INPUT; anything else becomes INTERNAL with a generic message, so stack traces, SQL and
 * driver text never leave the process (SPEC §10).
 */
export function formatError(formatted: GraphQLFormattedError, _error: unknown, exposeDetails = false): GraphQLFormattedError {
  const raw = (formatted.extensions?.code as string | undefined) ?? "INTERNAL";
  const code = KNOWN_CODES.has(raw) ? raw : APOLLO_CODES[raw];
  if (code && code !== "INTERNAL") {
    const { stacktrace: _s, ...rest } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...rest, code } };
  }
  return {
    message: exposeDetails ? formatted.message : "internal error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL" },
  };
}
