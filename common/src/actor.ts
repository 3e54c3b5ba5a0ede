import { ForbiddenError } from "./errors.js";
import { requestContext, type Actor, type Role } from "./request-context.js";

/** The caller, if their role is one of `roles`; FORBIDDEN with `rule` otherwise. */
export function requireRole(roles: Role[], message: string, rule: string): Actor {
  const { actor } = requestContext();
  if (!roles.includes(actor.role)) throw new ForbiddenError(message, { rule });
  return actor;
}

/** The patient id of a patient caller acting on their own data; FORBIDDEN for anyone else. */
export function patientSelf(what: string, category: string): string {
  const { actor } = requestContext();
  if (actor.role !== "patient" || !actor.patientId) throw new ForbiddenError(`only the patient ${what}`, { category, rule: "patient-self" });
  return actor.patientId;
}

/** Staff or a system client acting for its institution: the institution code. */
export function institutionOf(roles: Role[], what: string): { actor: Actor; org: string } {
  const actor = requireRole(roles, `${what} is for ${roles.join(", ")}`, "institution-roles");
  if (!actor.org) throw new ForbiddenError(`${what} needs the caller's institution (org)`, { rule: "institution-roles" });
  return { actor, org: actor.org };
}

/**
 * A system client (role `system`, OAuth client-credentials token) may only do what its granted scopes say, e.g.
 * `documents.write`, `clinical.write`, `documents.read`. People are governed by their role alone.
 */
export function requireScope(scope: string): void {
  const { actor } = requestContext();
  if (actor.role === "system" && !(actor.scopes ?? []).includes(scope)) {
    throw new ForbiddenError(`this client's token lacks the scope ${scope}`, { rule: "client-scope" });
  }
}
