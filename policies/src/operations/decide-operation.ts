import type { OperationCategory, OperationDeclaration, OperationFacts } from "@hub/common";
import type { DecisionTrace, RolePolicy, Subject } from "../pdp.js";
import { ACTION_SCOPES, type ActionName, type OperationFlag } from "./actions.js";

/** One operation as the PDP sees it: what is done, on what, with the facts about the resource. */
export interface OperationRequest {
  action: string;
  category: OperationCategory;
  facts: OperationFacts;
  forInstitution?: boolean;
}

export function operationRequest(decl: OperationDeclaration, facts: OperationFacts): OperationRequest {
  return { action: decl.action, category: facts.category ?? decl.category ?? "non_patient", facts, forInstitution: decl.forInstitution };
}

/** The facts about the caller alone (who they are, how they logged in, what their token may do). */
export function callerFlags(subject: Subject, op: Pick<OperationRequest, "action" | "forInstitution">): OperationFlag[] {
  const { actor } = subject;
  const flags: OperationFlag[] = [];
  if (op.forInstitution && !actor.org) flags.push("no-institution");
  const scope = ACTION_SCOPES[op.action as ActionName];
  if (actor.role === "system" && scope && !(actor.scopes ?? []).includes(scope)) flags.push("missing-scope");
  if (!actor.amr.includes("mfa")) flags.push("no-mfa");
  return flags;
}

/** The facts about the resource (whose it is, which institution's). */
export function resourceFlags(subject: Subject, op: OperationRequest): OperationFlag[] {
  const f = op.facts;
  const flags: OperationFlag[] = [];
  if (f.absent) return ["not-own", ...(op.forInstitution ? ["other-institution" as const] : [])];
  if (f.institution !== undefined && subject.actor.org !== undefined && f.institution !== subject.actor.org) flags.push("other-institution");
  if (f.institution !== undefined && f.institution !== null && subject.actor.org === undefined && op.forInstitution) flags.push("other-institution");
  if (f.own === false) flags.push("not-own");
  if (f.ownReview) flags.push("own-review");
  return flags;
}

/**
 * Decide an operation: the policy (deny overrides allow) on role × purpose × category × action under the condition
 * facts above. Operations need no consent basis: who may act, on whose behalf, is the policy's to say, and the
 * patient's attributes decide what the act may then read. `resourceDenied` says whether the refusal comes from the
 * resource alone (the caller could do this to a resource of their own), which hidden resources answer as NOT_FOUND.
 */
export function decideOperation(subject: Subject, op: OperationRequest, rolePolicy: RolePolicy): DecisionTrace & { resourceDenied: boolean } {
  const caller = callerFlags(subject, op);
  const flags = [...caller, ...resourceFlags(subject, op)];
  const r = rolePolicy(subject.actor.role, subject.purpose, op.category, op.action, flags);
  let resourceDenied = false;
  if (!r.allowed && flags.length > caller.length) resourceDenied = rolePolicy(subject.actor.role, subject.purpose, op.category, op.action, caller).allowed;
  const reason = r.allowed ? `policy rule ${r.rule} allows ${op.action}` : `policy rule ${r.rule}: ${subject.actor.role} may not ${op.action} here`;
  return { allowed: r.allowed, rule: r.rule, reason, flags, basis: { allowed: true, rule: "operation", reason: "" }, resourceDenied };
}
