import { DATA_CATEGORIES, PURPOSES, ROLES, type Actor, type DataCategory, type Purpose, type Role } from "@hub/common";
import type { PatientAttributes } from "../attributes.js";
import type { Subject } from "../pdp.js";
import type { ResourceAttributes } from "../resource.js";

/**
 * The finite attribute space of one read decision. Each dimension lists its values simplest first, so the first
 * violation found in a dimension-ordered walk is already close to minimal.
 */
export const DIMENSIONS = {
  role: ROLES,
  purpose: PURPOSES,
  category: DATA_CATEGORIES,
  consent: ["none", "covering", "other-category", "revoked", "expired"],
  card: ["none", "valid", "stale"],
  seal: ["none", "RESTRICTED", "SEALED"],
  emergency: ["none", "active", "other-actor", "expired"],
  self: [false, true],
  withheld: [false, true],
} as const;

export interface Tuple {
  role: Role;
  purpose: Purpose;
  category: DataCategory;
  consent: (typeof DIMENSIONS.consent)[number];
  card: (typeof DIMENSIONS.card)[number];
  seal: (typeof DIMENSIONS.seal)[number];
  emergency: (typeof DIMENSIONS.emergency)[number];
  self: boolean;
  withheld: boolean;
}

/** How far a tuple is from the plainest case (used to report the smallest counterexample). */
export function complexity(t: Tuple): number {
  return (t.consent !== "none" ? 1 : 0) + (t.card !== "none" ? 1 : 0) + (t.seal !== "none" ? 1 : 0)
    + (t.emergency !== "none" ? 1 : 0) + (t.self ? 1 : 0) + (t.withheld ? 1 : 0);
}

/** Every tuple; `self` is only varied for patients (for staff it is always false). */
export function* tuples(): Generator<Tuple> {
  for (const role of DIMENSIONS.role) for (const purpose of DIMENSIONS.purpose) for (const category of DIMENSIONS.category)
    for (const consent of DIMENSIONS.consent) for (const card of DIMENSIONS.card) for (const seal of DIMENSIONS.seal)
      for (const emergency of DIMENSIONS.emergency) for (const self of role === "patient" ? DIMENSIONS.self : [false])
        for (const withheld of DIMENSIONS.withheld) yield { role, purpose, category, consent, card, seal, emergency, self, withheld };
}

const NOW = new Date("2026-01-01T00:00:00Z");
const ORG = "1310000002";
const OTHER_CATEGORY = (c: DataCategory): DataCategory => (c === "condition" ? "allergy" : "condition");

/** Concrete PDP inputs for a tuple: the same types real requests use. */
export function materialise(t: Tuple): { subject: Subject; resource: ResourceAttributes; attrs: PatientAttributes } {
  const patientId = "P-1";
  const actor: Actor = t.role === "patient"
    ? { sub: t.self ? patientId : "P-2", role: "patient", patientId: t.self ? patientId : "P-2", amr: [] }
    : { sub: "ACTOR-1", role: t.role, org: ORG, amr: ["mfa"] };
  const hour = 3600_000;
  const consentBase = { id: "C-1", organizationId: ORG, purpose: t.purpose, expiresAt: null as Date | null, status: "ACTIVE" as const, categories: [t.category] };
  const consents = t.consent === "none" ? [] : [
    t.consent === "covering" ? consentBase
      : t.consent === "other-category" ? { ...consentBase, categories: [OTHER_CATEGORY(t.category)] }
        : t.consent === "revoked" ? { ...consentBase, status: "REVOKED" as const }
          : { ...consentBase, expiresAt: new Date(NOW.getTime() - hour) },
  ];
  const cardFlags = t.card === "none" ? [] : [{ organizationId: ORG, categories: [t.category], confirmedAt: new Date(NOW.getTime() - (t.card === "valid" ? hour : 25 * hour)) }];
  const seals = t.seal === "none" ? [] : [{ id: "S-1", level: t.seal, sourceOrganizationId: null, category: t.category, recordIds: null }];
  const emergency = t.emergency === "none" ? null : {
    id: "E-1", patientId, actorSub: t.emergency === "other-actor" ? "ACTOR-2" : actor.sub,
    expiresAt: new Date(NOW.getTime() + (t.emergency === "expired" ? -hour : hour)),
  };
  return {
    subject: { actor, purpose: t.purpose, now: NOW },
    resource: { patientId, category: t.category, sourceOrgId: "1310000001", recordId: "R-1", withheld: t.withheld },
    attrs: { patientId, consents, seals, cardFlags, emergency },
  };
}
