import type { DataCategory, Purpose } from "@hub/common";

export type SealLevel = "RESTRICTED" | "SEALED";

export interface ConsentAttr {
  id: string;
  status: "ACTIVE" | "REVOKED";
  organizationId: string;
  purpose: Purpose;
  /** null = all categories */
  categories: DataCategory[] | null;
  expiresAt: Date | null;
  /** Only this practitioner of the institution may use it (specialist shares); null = the whole institution. */
  practitionerSub?: string | null;
}

export interface SealAttr {
  id: string;
  level: SealLevel;
  sourceOrganizationId: string | null;
  category: DataCategory | null;
  recordIds: string[] | null;
}

/** Card-reader consent flags given at the face-authentication card reader (valid 24 h for that institution). */
export interface CardFlagAttr {
  organizationId: string;
  categories: DataCategory[];
  confirmedAt: Date;
}

export interface EmergencyGrantAttr {
  id: string;
  patientId: string;
  actorSub: string;
  expiresAt: Date;
}

/** Everything about one patient that decisions depend on, loaded once per request (PIP). */
export interface PatientAttributes {
  patientId: string;
  consents: ConsentAttr[];
  seals: SealAttr[];
  cardFlags: CardFlagAttr[];
  /** The grant named by the request's `x-emergency-access`, if it is active and for this patient and actor. */
  emergency: EmergencyGrantAttr | null;
  /** The live policy version, read in the same round trip (hot reload). */
  policyVersion?: number;
}

/** The strongest seal that covers a record, or null. */
export function sealLevelOf(
  seals: SealAttr[],
  r: { category: DataCategory; sourceOrgId?: string; recordId?: string },
): SealLevel | null {
  let level: SealLevel | null = null;
  for (const s of seals) {
    const covers = (s.sourceOrganizationId !== null && s.sourceOrganizationId === r.sourceOrgId)
      || (s.category !== null && s.category === r.category)
      || (s.recordIds !== null && r.recordId !== undefined && s.recordIds.includes(r.recordId));
    if (!covers) continue;
    if (s.level === "SEALED") return "SEALED";
    level = "RESTRICTED";
  }
  return level;
}
