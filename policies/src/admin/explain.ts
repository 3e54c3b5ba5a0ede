import type { Actor, DataCategory, OperationCategory, OperationFacts, Purpose } from "@hub/common";
import { decide, type DecisionTrace, type RolePolicy } from "../pdp.js";
import { decideOperation } from "../operations/decide-operation.js";
import type { PolicyInformationPoint } from "../pip.js";
import type { ResourceAttributes } from "../resource.js";

export interface ExplainInput {
  actor: Actor;
  purpose: Purpose;
  patientId: string;
  category: DataCategory;
  recordId?: string;
  sourceOrganizationId?: string;
  emergencyAccessId?: string;
  withheld?: boolean;
  /** Explain a read of the document's metadata (kind, state, dates) rather than its content. */
  aspect?: "metadata";
}

export interface Explanation {
  allowed: boolean;
  /** The deciding rule: a policy rule name, or the attribute rule (`consent`, `seal-sealed`, …), never an attribute's id. */
  rule: string;
  /** The one attribute that decided, in words ("a SEALED seal covers this record"); nothing about the others. */
  reason: string;
  policyVersion: number;
  trace: DecisionTrace;
}

const ATTRIBUTE_RULES: Record<string, string> = {
  "seal-sealed": "a SEALED seal covers this record",
  "seal-restricted": "a RESTRICTED seal covers this record and no emergency grant of this caller is active",
  "withheld-from-patient": "the record is withheld from the patient (未告知)",
  "patient-other": "the caller is another patient",
  "patient-own": "the caller is the patient",
  "card-reader-consent": "a card-reader consent given at the caller's institution within 24 hours covers it",
  "emergency-access": "an active emergency grant of this caller covers it",
  "etreat-without-grant": "purpose ETREAT without an active emergency grant of this caller for this patient",
  "disaster-access": "the caller's institution identified this patient under a disaster declaration in force",
  "disaster-without-identification": "purpose DISASTER without an identification of this patient by the caller's institution under a declaration in force",
  "no-consent": "no consent, card-reader consent or emergency grant of the patient covers this access",
};

/** The deciding attribute, without its id (a consent's id is the patient's business). */
export function publicRule(rule: string): string {
  return rule.startsWith("consent:") ? "consent" : rule;
}

function decidedBy(d: DecisionTrace, subject: { actor: Actor; purpose: Purpose }, category: string): string {
  const rule = publicRule(d.rule);
  if (rule === "consent") return `a consent of the patient for this institution and purpose covers ${category}`;
  if (ATTRIBUTE_RULES[rule]) return ATTRIBUTE_RULES[rule];
  return `policy rule ${rule}: ${subject.actor.role} ${d.allowed ? "may" : "may not"} read ${category} for ${subject.purpose}`;
}

/** The facts of an operation the explanation describes, with the sentence for each fact that can refuse it. */
const OPERATION_FACTS: Record<string, string> = {
  "other-institution": "the resource belongs to another institution than the caller's",
  "no-institution": "the operation acts for an institution and the caller has none",
  "not-own": "the resource is someone else's",
  "own-review": "the caller would review what they submitted",
  "missing-scope": "the system client's token lacks the scope this action needs",
  "no-mfa": "the caller did not log in with two factors",
};

export interface ExplainOperationInput {
  actor: Actor;
  purpose: Purpose;
  action: string;
  category: OperationCategory;
  forInstitution: boolean;
  facts: OperationFacts;
}

/**
 * Explain an operation decision (who may do what) through the same `decideOperation` the enforcement point uses, on
 * the live policy, for the facts described: which institution the resource belongs to, whether it is the caller's.
 */
export function explainOperation(policy: RolePolicy, policyVersion: number, input: ExplainOperationInput): Explanation {
  const subject = { actor: input.actor, purpose: input.purpose, now: new Date() };
  const trace = decideOperation(subject, { action: input.action, category: input.category, facts: input.facts, forInstitution: input.forInstitution }, policy);
  const facts = trace.flags.filter((f) => OPERATION_FACTS[f]).map((f) => OPERATION_FACTS[f]);
  const reason = `policy rule ${trace.rule}: ${input.actor.role} ${trace.allowed ? "may" : "may not"} ${input.action}${facts.length ? ` (${facts.join("; ")})` : ""}`;
  return { allowed: trace.allowed, rule: trace.rule, reason, policyVersion, trace };
}

/**
 * Explain one decision on current data through exactly the PDP path of real requests (same attribute load, same
 * `decide`, the live policy), writing nothing itself: the caller audits it. The record is described by the input
 * (category, source institution, id), never looked up, so an id that does not exist is explained exactly like one
 * that does, and the answer names only the attribute that decided.
 */
export async function explainAccess(pip: PolicyInformationPoint, policy: RolePolicy, policyVersion: number, input: ExplainInput): Promise<Explanation> {
  const resource: ResourceAttributes = { patientId: input.patientId, category: input.category, sourceOrgId: input.sourceOrganizationId, recordId: input.recordId, withheld: input.withheld,
    ...(input.aspect ? { aspect: input.aspect } : {}) };
  const now = new Date();
  const attrs = await pip.load(input.patientId, input.emergencyAccessId, now, input.actor);
  const subject = { actor: input.actor, purpose: input.purpose, now };
  const trace = decide(subject, resource, attrs, policy);
  return { allowed: trace.allowed, rule: publicRule(trace.rule), reason: decidedBy(trace, subject, input.category), policyVersion, trace };
}
