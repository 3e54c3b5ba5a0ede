import type { Actor, Purpose } from "@hub/common";
import type { Bind } from "../scope.js";

/**
 * 救急時医療情報閲覧 / 災害時: a break-glass grant lets the actor who started it, and the team members they named,
 * read one patient's emergency set (the policy's ETREAT lines for each reader's own role) until it expires or ends.
 * The one home of when a grant applies (SPEC §6): the request's purpose is ETREAT, it names the grant, the grant is
 * for this patient and still open, and the caller is either the whole actor that started it (same subject,
 * institution and role, and MFA when the grant was started with MFA) or a member named on it (same subject and role,
 * of the grant's institution). A token that differs in any of these is refused, so a leaked grant id is worth nothing
 * to anyone else. Which roles may be named is the policy's call (`join-emergency-team`), and what a member then
 * reads is decided by the ETREAT lines of the member's role (docs/emergency.md).
 */
export interface TeamMember {
  sub: string;
  role: string;
}

export interface EmergencyGrantAttr {
  id: string;
  patientId: string;
  actorSub: string;
  actorOrg: string | null;
  actorRole: string;
  /** Started after two-factor login: every use by the starter needs it too. */
  mfa: boolean;
  expiresAt: Date;
  /** Team members of the starter's institution named on the grant (none = the starter alone). */
  team?: readonly TeamMember[];
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

/** The starter: only they end the grant early. */
export function isGrantHolder(g: EmergencyGrantAttr, actor: Actor): boolean {
  return g.actorSub === actor.sub && g.actorOrg === (actor.org ?? null) && g.actorRole === actor.role && (!g.mfa || actor.amr.includes("mfa"));
}

/** A member named on the grant, reading under their own identity at the grant's institution. */
export function isTeamMember(g: EmergencyGrantAttr, actor: Actor): boolean {
  return g.actorOrg !== null && actor.org === g.actorOrg && (g.team ?? []).some((m) => m.sub === actor.sub && m.role === actor.role);
}

/** May this caller read under the grant (the starter or a named member)? */
export const isGrantUser = (g: EmergencyGrantAttr, actor: Actor): boolean => isGrantHolder(g, actor) || isTeamMember(g, actor);

/** Does this grant let the caller read this patient's data under ETREAT now? */
export function grantCovers(g: EmergencyGrantAttr | null, h: GrantHolder, patientId: string): g is EmergencyGrantAttr {
  return h.purpose === "ETREAT" && g !== null && g.patientId === patientId && g.expiresAt > h.now && isGrantUser(g, h.actor);
}

/**
 * The SQL form of `isGrantUser` over a row of `consent.emergency_accesses` (alias `e`), with the caller's values bound:
 * the same two ways in (the starter, or a named member of the grant's institution). The agreement test checks both
 * forms select the same grants for every caller.
 */
export function grantUserSql(alias: string, actor: Actor, bind: Bind): string {
  const sub = bind(actor.sub, "text"), org = bind(actor.org ?? null, "text"), role = bind(actor.role, "text"), mfa = bind(actor.amr.includes("mfa"), "boolean");
  return `((${alias}.actor_sub = ${sub} AND ${alias}.actor_org IS NOT DISTINCT FROM ${org} AND ${alias}.actor_role = ${role} AND (NOT ${alias}.actor_mfa OR ${mfa}))
    OR (${alias}.actor_org IS NOT NULL AND ${alias}.actor_org = ${org}
        AND ${alias}.team @> jsonb_build_array(jsonb_build_object('sub', ${sub}, 'role', ${role}))))`;
}
