import { HubError } from "./errors.js";
import { requestContext, type Actor } from "./request-context.js";

/**
 * Who the caller is, for resolvers. Whether they may do what they ask was decided by the PDP before the resolver ran
 * (the operation's `@Operation` declaration and policies/policy.csv); resolvers never check roles themselves.
 */
export function caller(): Actor {
  return requestContext().actor;
}

/** The caller's institution, for operations declared `forInstitution` (the PEP refused callers without one). */
export function callerInstitution(): string {
  const { org } = requestContext().actor;
  if (!org) throw new HubError("INTERNAL", "an institution operation ran without the caller's institution");
  return org;
}

/**
 * The patient the caller is, for operations on one's own data. The policy lets only patients do them; a caller who
 * is not a patient has no patient id, and the operation stops here.
 */
export function callerPatient(): string {
  const { patientId } = requestContext().actor;
  if (!patientId) throw new HubError("INTERNAL", "a patient operation ran for a caller who is not a patient");
  return patientId;
}
