import { DOCUMENT_CATEGORIES, DOCUMENT_METADATA, type Actor, type DataCategory, type PolicyCategory, type Purpose } from "@hub/common";
import type { PatientAttributes } from "./attributes/patient-attributes.js";
import { sealLevelOf } from "./attributes/seal/seal.rule.js";
import { consentCovers, consentsForList, coveringConsent, isScoped, type ConsentAttr } from "./attributes/consent/consent.rule.js";
import { coveringCardFlag } from "./attributes/card-flag/card-flag.rule.js";
import { grantCovers } from "./attributes/emergency/emergency-grant.rule.js";
import { disasterAccessCovers } from "./attributes/emergency/disaster.rule.js";
import type { ResourceAttributes } from "./resource.js";
import { OPERATION_FLAGS } from "./operations/actions.js";

/** `read` for the read path; any other value is an operation (see policies/src/operations/actions.ts). */
export type Action = string;

export interface Subject {
  actor: Actor;
  purpose: Purpose;
  now: Date;
}

/** Facts about a read that policy lines can condition on (see policies/model.conf). */
export const READ_FLAGS = ["sealed-other", "restricted-no-emergency", "withheld-self", "other-patient"] as const;
/** Every condition fact a policy line may name: those of reads, and those of operations. */
export const FLAGS = [...READ_FLAGS, ...OPERATION_FLAGS] as const;
export type Flag = (typeof FLAGS)[number];

export interface Decision {
  allowed: boolean;
  /** The deciding rule: a policy.csv rule name or a built-in attribute rule. */
  rule: string;
  reason: string;
  /**
   * Lists only: when the basis is nothing but scoped consents (record ids, source institutions), the rows the list
   * may show are those these consents cover; absent = every row the seals leave.
   */
  rowScope?: ConsentAttr[];
}

/** A decision with how it was reached, so that a different role policy can be replayed on it exactly. */
export interface DecisionTrace extends Decision {
  flags: Flag[];
  /** Allowed for a document's metadata only (a `document_metadata` line), not for its content. */
  viaMetadata?: true;
  /** What the attributes alone say (consent, card flag, own data, emergency grant), role policy aside. */
  basis: Decision;
}

/** The role policy (Casbin): may this role, for this purpose and under these facts, act on this category? */
export type RolePolicy = (role: string, purpose: Purpose, category: PolicyCategory, action: Action, flags: readonly Flag[]) => { allowed: boolean; rule: string };

/**
 * The role policy's answer for a read: may this role read this category under these facts? For a document's
 * metadata, a role that no line lets read the document's category may still read its metadata through a
 * `document_metadata` line; a deny line (seals, withheld, other patient, or one naming the document's category)
 * refuses the metadata with the content. `viaMetadata` marks an answer that only holds for the metadata. The one home
 * of this question: `decide`, the policy simulation, explanations and the prover all ask it here.
 */
export function readRole(rolePolicy: RolePolicy, role: string, purpose: Purpose, category: DataCategory, aspect: "metadata" | undefined, flags: readonly Flag[]): { allowed: boolean; rule: string; viaMetadata?: true } {
  const content = rolePolicy(role, purpose, category, "read", flags);
  if (content.allowed || aspect !== "metadata" || content.rule !== ROLE_POLICY_NO_MATCH || !DOCUMENT_CATEGORIES.includes(category)) return content;
  const metadata = rolePolicy(role, purpose, DOCUMENT_METADATA, "read", flags);
  return metadata.allowed ? { ...metadata, viaMetadata: true } : content;
}

/** The rule of a role-policy answer that no policy line matched (deny by default). */
export const ROLE_POLICY_NO_MATCH = "role-policy-no-match";

export const ETREAT_WITHOUT_GRANT = "etreat-without-grant";
export const DISASTER_WITHOUT_IDENTIFICATION = "disaster-without-identification";

const deny = (rule: string, reason: string): Decision => ({ allowed: false, rule, reason });
const allow = (rule: string, reason: string): Decision => ({ allowed: true, rule, reason });

const emergencyActive = (subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes): boolean =>
  grantCovers(attrs.emergency, subject, resource.patientId);

/** The facts the policy's deny lines condition on. */
export function flagsOf(subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes): Flag[] {
  const { actor } = subject;
  const self = actor.role === "patient" && actor.patientId === resource.patientId;
  const seal = sealLevelOf(attrs.seals, resource);
  const flags: Flag[] = [];
  if (seal === "SEALED" && !self) flags.push("sealed-other");
  if (seal === "RESTRICTED" && !self && !emergencyActive(subject, resource, attrs)) flags.push("restricted-no-emergency");
  if (self && resource.withheld) flags.push("withheld-self");
  if (actor.role === "patient" && !self) flags.push("other-patient");
  return flags;
}

/**
 * The basis for a read, from attributes only: emergency grant (ETREAT), disaster identification (DISASTER), own data, a consent covering the record (see
 * the consent module), a card-reader reading within its window. For a list, scoped consents are a basis too, and the
 * decision says which rows they open (`rowScope`).
 */
export function basisOf(subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes): Decision {
  const { actor, purpose } = subject;
  if (purpose === "ETREAT") {
    return emergencyActive(subject, resource, attrs)
      ? allow("emergency-access", `emergency access ${attrs.emergency!.id} is active`)
      : deny(ETREAT_WITHOUT_GRANT, "purpose ETREAT needs an active emergency access for this patient");
  }
  if (purpose === "DISASTER") {
    // 災害時の特例措置: the caller's institution identified the patient under a declaration still in force.
    return disasterAccessCovers(attrs.disaster, subject, resource.patientId)
      ? allow("disaster-access", `disaster identification ${attrs.disaster!.id} of ${actor.org} is in force`)
      : deny(DISASTER_WITHOUT_IDENTIFICATION, "purpose DISASTER needs this patient identified by the caller's institution under a disaster declaration in force");
  }
  if (actor.role === "patient" && actor.patientId === resource.patientId) return allow("patient-own", "patient reading own data");
  if (actor.org) {
    const { category } = resource;
    if (resource.list) {
      const { all, scoped } = consentsForList(attrs.consents, subject, category);
      if (all) return allow(`consent:${all.id}`, `patient consent ${all.id} for ${actor.org}`);
      if (coveringCardFlag(attrs.cardFlags, subject, category)) return allow("card-reader-consent", `card-reader consent at ${actor.org} within 24 h`);
      if (scoped.length > 0) return { ...allow(`consent:${scoped[0].id}`, `patient consents for some records (${scoped.length}) for ${actor.org}`), rowScope: scoped };
    } else {
      const c = coveringConsent(attrs.consents, subject, resource);
      if (c) return allow(`consent:${c.id}`, `patient consent ${c.id} for ${actor.org}`);
      if (coveringCardFlag(attrs.cardFlags, subject, category)) return allow("card-reader-consent", `card-reader consent at ${actor.org} within 24 h`);
    }
  }
  return deny("no-consent", "no consent of the patient covers this access");
}

/**
 * What a record decision depends on beyond its category, seal level and withheld flag: which scoped consents cover
 * it. Constant when the patient has none for this caller, so decisions stay one per category in the usual case.
 */
export function scopeKey(subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes): string {
  if (resource.list) return "list";
  let key = "";
  for (const c of attrs.consents) {
    if (isScoped(c) && consentCovers(c, subject, resource)) key += `${c.id},`;
  }
  return key;
}

/** Combine the role policy's answer with the basis: both must allow. */
export function combine(role: { allowed: boolean; rule: string }, basis: Decision, subject: Subject, category: PolicyCategory): Decision {
  if (!role.allowed) return deny(role.rule, `policy rule ${role.rule}: ${subject.actor.role} may not read ${category} for ${subject.purpose} here`);
  return basis;
}

/**
 * Decide one read of patient data (SPEC §6). The policy (deny overrides allow) carries the promises as deny lines:
 * sealed → deny; withheld and the caller is the patient → deny; restricted without an emergency grant → deny; then
 * role × purpose × category allows. The attributes must also give a basis: an active emergency grant (ETREAT), the
 * patient's consent for the caller's institution and purpose, a card-reader flag within 24 h, or own data.
 * Pure: explain, simulate and the invariant prover use exactly this path.
 */
export function decide(subject: Subject, resource: ResourceAttributes, attrs: PatientAttributes, rolePolicy: RolePolicy): DecisionTrace {
  const flags = flagsOf(subject, resource, attrs);
  const role = readRole(rolePolicy, subject.actor.role, subject.purpose, resource.category, resource.aspect, flags);
  const basis = basisOf(subject, resource, attrs);
  return { ...combine(role, basis, subject, resource.category), flags, basis, ...(role.viaMetadata ? { viaMetadata: true as const } : {}) };
}
