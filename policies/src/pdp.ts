import type { Actor, DataCategory, Purpose } from "@hub/common";
import { sealLevelOf, type PatientAttributes } from "./attributes.js";
import type { ResourceAttributes } from "./resource.js";

export type Action = "read" | "write";

export interface Subject {
  actor: Actor;
  purpose: Purpose;
  now: Date;
}

export interface Decision {
  allowed: boolean;
  /** The deciding rule: a policy.csv rule name or a built-in attribute rule. */
  rule: string;
  reason: string;
}

/** The role policy (Casbin): may this role, for this purpose, perform this action on this category at all? */
export type RolePolicy = (role: string, purpose: Purpose, category: DataCategory, action: Action) => { allowed: boolean; rule: string };

/** Card-reader consent flags are valid for 24 hours for the institution that read the card (SPEC §8). */
export const CARD_FLAG_VALIDITY_MS = 24 * 60 * 60 * 1000;

export const ETREAT_WITHOUT_GRANT = "etreat-without-grant";

const deny = (rule: string, reason: string): Decision => ({ allowed: false, rule, reason });
const allow = (rule: string, reason: string): Decision => ({ allowed: true, rule, reason });

/**
 * Decide one read of patient data, in the order of SPEC §6: sealed → withheld-from-patient → role policy →
 * emergency access → restricted → consent → card-reader flag → own data → deny.
 * Pure: everything it needs is passed in, so explain, simulate and the invariant checker use the same path.
 */
export function decide(subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes, rolePolicy: RolePolicy): Decision {
  const { actor, purpose, now } = subject;
  const self = actor.role === "patient" && actor.patientId === resource.patientId;
  const seal = sealLevelOf(attrs.seals, resource);
  if (seal === "SEALED" && !self) return deny("seal-sealed", "the patient has sealed this record");
  if (actor.role === "patient" && !self) return deny("patient-other", "patients read only their own data");
  if (self && resource.withheld) return deny("withheld-from-patient", "this record is withheld from the patient (未告知)");
  const role = rolePolicy(actor.role, purpose, resource.category, "read");
  if (!role.allowed) return deny(role.rule, `role ${actor.role} may not read ${resource.category} for purpose ${purpose}`);
  if (purpose === "ETREAT") {
    const g = attrs.emergency;
    if (g && g.patientId === resource.patientId && g.actorSub === actor.sub && g.expiresAt > now) {
      return allow("emergency-access", `emergency access ${g.id} is active`);
    }
    return deny(ETREAT_WITHOUT_GRANT, "purpose ETREAT needs an active emergency access for this patient");
  }
  if (seal === "RESTRICTED" && !self) return deny("seal-restricted", "the patient has restricted this record");
  if (self) return allow(role.rule, "patient reading own data");
  if (actor.org) {
    for (const c of attrs.consents) {
      if (c.organizationId === actor.org && c.purpose === purpose && (c.expiresAt === null || c.expiresAt > now)
        && (c.categories === null || c.categories.includes(resource.category))) {
        return allow(`consent:${c.id}`, `patient consent ${c.id} for ${actor.org}`);
      }
    }
    if (purpose === "TREAT") {
      for (const f of attrs.cardFlags) {
        if (f.organizationId === actor.org && f.categories.includes(resource.category)
          && now.getTime() - f.confirmedAt.getTime() < CARD_FLAG_VALIDITY_MS) {
          return allow("card-reader-consent", `card-reader consent at ${actor.org} within 24 h`);
        }
      }
    }
  }
  return deny("no-consent", "no consent of the patient covers this access");
}
