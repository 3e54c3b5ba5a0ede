import type { Actor, Purpose } from "@hub/common";
import type { Bind } from "../scope.js";

/**
 * 災害時の特例措置: while a disaster is declared (災害救助法の適用, as for the 2024 Noto earthquake, when the national
 * service opened medication and checkup information of patients in the area to the institutions treating them),
 * institutions in the declared prefectures, and teams dispatched into it from elsewhere (DMAT and the like, named on
 * the declaration), read the disaster set of a patient they identified, without a per-patient justification. The one
 * home of when a declaration is in force, whom it covers, and when an identification lets an institution read.
 * Which categories the disaster set holds and which roles read it are the policy's `DISASTER` lines.
 */
export interface DisasterAttr {
  id: string;
  /** Prefecture codes (JIS X 0401). */
  regions: readonly string[];
  /** Institutions dispatched into the declared area from elsewhere. */
  dispatched: readonly string[];
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
}

/** An institution as a declaration sees it: its id and its prefecture. */
export interface InstitutionRef {
  id: string;
  prefecture: string | null;
}

/** Is the declaration in force now (started, not past its end, not ended early)? */
export const disasterInForce = (d: DisasterAttr, now: Date): boolean => d.endedAt === null && d.startsAt <= now && now < d.endsAt;

/** Does the declaration cover this institution (in a declared prefecture, or dispatched into it)? */
export const disasterCoversInstitution = (d: DisasterAttr, i: InstitutionRef): boolean =>
  (i.prefecture !== null && d.regions.includes(i.prefecture)) || d.dispatched.includes(i.id);

/** The SQL form of `disasterInForce` over `consent.disasters` (alias), `now` a bound timestamptz. */
export const disasterInForceSql = (alias: string, now: string): string =>
  `(${alias}.ended_at IS NULL AND ${alias}.starts_at <= ${now} AND ${now} < ${alias}.ends_at)`;

/** The SQL form of `disasterCoversInstitution`, the institution's values bound. */
export function disasterCoversSql(alias: string, i: InstitutionRef, bind: Bind): string {
  return `((${bind(i.prefecture, "text")} IS NOT NULL AND ${bind(i.prefecture, "text")} = ANY(${alias}.regions)) OR ${bind(i.id, "text")} = ANY(${alias}.dispatched))`;
}

/**
 * A patient identified by an institution under a declaration (findPatientForEmergency by card or by name and birth
 * date, pinned to one patient): stored as an institution-scoped grant, reviewed like any break-glass.
 */
export interface DisasterAccessAttr {
  id: string;
  patientId: string;
  organizationId: string;
  expiresAt: Date;
  disaster: DisasterAttr;
}

export interface DisasterReader {
  actor: Actor;
  purpose: Purpose;
  now: Date;
}

/** Does an identification let this caller read this patient's disaster set now (purpose DISASTER)? */
export function disasterAccessCovers(a: DisasterAccessAttr | null | undefined, r: DisasterReader, patientId: string): a is DisasterAccessAttr {
  return r.purpose === "DISASTER" && !!a && a.patientId === patientId && r.actor.org !== undefined && a.organizationId === r.actor.org
    && a.expiresAt > r.now && disasterInForce(a.disaster, r.now);
}
