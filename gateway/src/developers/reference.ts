import { SYSTEM_SCOPES, type ErrorCode } from "@hub/common";
import { ACCESS_TOKEN_SECONDS, TOKEN_PATH } from "../oauth/token-endpoint.js";
import { ASSERTION_TYPE, CLOCK_SKEW_SECONDS, MAX_ASSERTION_LIFETIME_SECONDS } from "../oauth/assertion.js";
import { OAUTH_ERRORS, REFUSAL_RULES } from "../oauth/oauth-error.js";

/** The stable extensions.code values (SPEC §10); a Record over ErrorCode, so a new code does not compile without its line. */
export const ERROR_CODES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "no, forged or expired token; a revoked system client or key (HTTP 401)",
  FORBIDDEN: "denied: extensions.rule names the deciding rule (e.g. no-consent, client-scope, institution-suspended), extensions.category the data",
  NOT_FOUND: "no such object for you (also what hidden records look like)",
  BAD_USER_INPUT: "malformed request, unknown enum, bad argument, too deep or too costly query (extensions.argument when known)",
  FHIR_VALIDATION_FAILED: "the FHIR Bundle failed checks: extensions.issues lists { ruleId path message severity }; nothing was stored",
  EMERGENCY_ACCESS_REQUIRED: "purpose ETREAT without a valid x-emergency-access grant",
  CONFLICT: "the state changed meanwhile or already is what you asked (e.g. a code already registered, two keys already active)",
  RATE_LIMITED: "too many requests for this caller (HTTP 429, extensions.retryAfterSeconds)",
  INTERNAL: "unexpected fault; no details leave the hub (the requestId finds the logs)",
};

export const TOKEN_FACTS = {
  path: TOKEN_PATH, assertionType: ASSERTION_TYPE, assertionLifetime: MAX_ASSERTION_LIFETIME_SECONDS,
  skew: CLOCK_SKEW_SECONDS, tokenLifetime: ACCESS_TOKEN_SECONDS, scopes: SYSTEM_SCOPES, oauthErrors: OAUTH_ERRORS, refusalRules: REFUSAL_RULES,
};

export interface FhirProfile {
  code: string;
  document: string;
  bundleProfile: string;
  compositionProfile: string;
}

interface DocumentRulesModule {
  DOC_TYPE_SYSTEM: string;
}
interface DocumentProfilesModule {
  DOCUMENT_PROFILES: Record<string, { loinc: string; title: string; bundleProfile: string; compositionProfile: string }>;
}

/**
 * The document kinds the documents subgraph accepts, read from its own registry (`document/profiles.ts`) at run time
 * (no build-time dependency of the gateway on a subgraph); null when that module is not installed next to the gateway.
 */
export function acceptedDocuments(): { typeSystem: string; profiles: FhirProfile[] } | null {
  let rules: DocumentRulesModule;
  let registry: DocumentProfilesModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    rules = require("@hub/documents/dist/fhir/document-rules.js") as DocumentRulesModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    registry = require("@hub/documents/dist/document/profiles.js") as DocumentProfilesModule;
  } catch {
    return null;
  }
  if (typeof rules.DOC_TYPE_SYSTEM !== "string" || typeof registry.DOCUMENT_PROFILES !== "object") return null;
  return {
    typeSystem: rules.DOC_TYPE_SYSTEM,
    profiles: Object.values(registry.DOCUMENT_PROFILES).map((p) => ({
      code: p.loinc, document: p.title, bundleProfile: p.bundleProfile, compositionProfile: p.compositionProfile,
    })),
  };
}

/** JP-CLINS Bundle.identifier system (value: institution number ^ year ^ id). */
export const BUNDLE_ID_SYSTEM = "http://jpfhir.jp/fhir/clins/bundle-identifier";
export const CLINICAL_BUNDLE_PROFILE = "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_CLINS";
