import type { Actor, Purpose } from "@hub/common";

/**
 * 救急時医療情報閲覧 / 災害時: a break-glass grant lets the actor who started it read one patient's emergency set
 * (the policy's ETREAT lines) until it expires or ends. The one home of when a grant applies (SPEC §6): the request's
 * purpose is ETREAT, it names the grant, the grant is for this patient and still open, and the caller is the whole
 * actor that started it: same subject, institution and role, and MFA when the grant was started with MFA. A token
 * that differs in any of these is refused, so a leaked grant id is worth nothing to anyone else.
 */
export interface EmergencyGrantAttr {
  id: string;
  patientId: string;
  actorSub: string;
  actorOrg: string | null;
  actorRole: string;
  /** Started after two-factor login: every use needs it too. */
  mfa: boolean;
  expiresAt: Date;
}

export interface GrantHolder {
  actor: Actor;
  purpose: Purpose;
  now: Date;
}

/** The actor a grant is bound to, from the token that starts it. */
export const bindingOf = (actor: Actor): Pick<EmergencyGrantAttr, "actorSub" | "actorOrg" | "actorRole" | "mfa"> => ({
  actorSub: actor.sub, actorOrg: actor.org ?? null, actorRole: actor.role, mfa: actor.amr.includes("mfa"),
});

export function isGrantHolder(g: EmergencyGrantAttr, actor: Actor): boolean {
  return g.actorSub === actor.sub && g.actorOrg === (actor.org ?? null) && g.actorRole === actor.role && (!g.mfa || actor.amr.includes("mfa"));
}

/** Does this grant let the holder read this patient's data under ETREAT now? */
export function grantCovers(g: EmergencyGrantAttr | null, h: GrantHolder, patientId: string): g is EmergencyGrantAttr {
  return h.purpose === "ETREAT" && g !== null && g.patientId === patientId && g.expiresAt > h.now && isGrantHolder(g, h.actor);
}
