import { ForbiddenError, requestContext, type Actor, type Role } from "@hub/common";

/** The caller, if their role is one of `roles`; FORBIDDEN with `rule` otherwise. */
export function requireRole(roles: Role[], message: string, rule: string): Actor {
  const { actor } = requestContext();
  if (!roles.includes(actor.role)) throw new ForbiddenError(message, { rule });
  return actor;
}
