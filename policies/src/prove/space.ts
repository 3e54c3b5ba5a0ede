import { DATA_CATEGORIES, DOCUMENT_CATEGORIES, PURPOSES, ROLES, type Actor, type DataCategory, type Purpose, type Role } from "@hub/common";
import type { PatientAttributes } from "../attributes/patient-attributes.js";
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
  consent: ["none", "covering", "record-scoped", "other-category", "other-record", "revoked", "expired"],
  card: ["none", "valid", "stale"],
  seal: ["none", "RESTRICTED", "SEALED"],
  // A break-glass grant (the caller's own, one naming the caller on its team, or one that does not cover the caller),
  // or an identification under a declared disaster (the caller's institution's or another's). A member named with
  // another role and an ended declaration are checked by the emergency module's agreement test and end-to-end.
  emergency: ["none", "active", "team", "other-actor", "other-institution", "expired", "disaster", "disaster-other-institution"],
  self: [false, true],
  withheld: [false, true],
  // A document's content, or its metadata (kind, state, issuer, dates: see RECORD_METADATA); only documents have metadata.
  aspect: ["content", "metadata"],
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
  aspect: (typeof DIMENSIONS.aspect)[number];
}

/** How far a tuple is from the plainest case (used to report the smallest counterexample). */
export function complexity(t: Tuple): number {
  return (t.consent !== "none" ? 1 : 0) + (t.card !== "none" ? 1 : 0) + (t.seal !== "none" ? 1 : 0)
    + (t.emergency !== "none" ? 1 : 0) + (t.self ? 1 : 0) + (t.withheld ? 1 : 0) + (t.aspect !== "content" ? 1 : 0);
}

const aspectsOf = (c: DataCategory): readonly Tuple["aspect"][] => (DOCUMENT_CATEGORIES.includes(c) ? DIMENSIONS.aspect : ["content"]);

/** Every tuple; `self` is only varied for patients (for staff it is always false), `aspect` only for documents. */
export function* tuples(): Generator<Tuple> {
  for (const role of DIMENSIONS.role) for (const purpose of DIMENSIONS.purpose) for (const category of DIMENSIONS.category)
    for (const consent of DIMENSIONS.consent) for (const card of DIMENSIONS.card) for (const seal of DIMENSIONS.seal)
      for (const emergency of DIMENSIONS.emergency) for (const self of role === "patient" ? DIMENSIONS.self : [false])
        for (const withheld of DIMENSIONS.withheld) for (const aspect of aspectsOf(category)) yield { role, purpose, category, consent, card, seal, emergency, self, withheld, aspect };
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
      : t.consent === "record-scoped" ? { ...consentBase, recordIds: ["R-1"] }
        : t.consent === "other-category" ? { ...consentBase, categories: [OTHER_CATEGORY(t.category)] }
          : t.consent === "other-record" ? { ...consentBase, recordIds: ["R-2"] }
            : t.consent === "revoked" ? { ...consentBase, status: "REVOKED" as const }
              : { ...consentBase, expiresAt: new Date(NOW.getTime() - hour) },
  ];
  const cardFlags = t.card === "none" ? [] : [{ organizationId: ORG, categories: [t.category], confirmedAt: new Date(NOW.getTime() - (t.card === "valid" ? hour : 25 * hour)) }];
  const seals = t.seal === "none" ? [] : [{ id: "S-1", level: t.seal, sourceOrganizationId: null, category: t.category, recordIds: null }];
  const isDisaster = t.emergency.startsWith("disaster");
  const teamGrant = t.emergency === "team";
  const emergency = t.emergency === "none" || isDisaster ? null : {
    id: "E-1", patientId, actorSub: t.emergency === "other-actor" || teamGrant ? "ACTOR-2" : actor.sub,
    actorOrg: t.emergency === "other-institution" ? "2710000009" : actor.org ?? null, actorRole: teamGrant ? "doctor" : actor.role, mfa: true,
    expiresAt: new Date(NOW.getTime() + (t.emergency === "expired" ? -hour : hour)),
    team: teamGrant ? [{ sub: actor.sub, role: actor.role }] : [],
  };
  const disaster = !isDisaster ? null : {
    id: "I-1", patientId, organizationId: t.emergency === "disaster-other-institution" ? "2710000009" : ORG, expiresAt: new Date(NOW.getTime() + hour),
    disaster: { id: "DIS-1", regions: ["13"], dispatched: [], startsAt: new Date(NOW.getTime() - hour), endsAt: new Date(NOW.getTime() + hour), endedAt: null },
  };
  return {
    subject: { actor, purpose: t.purpose, now: NOW },
    resource: { patientId, category: t.category, sourceOrgId: "1310000001", recordId: "R-1", withheld: t.withheld, ...(t.aspect === "metadata" ? { aspect: "metadata" as const } : {}) },
    attrs: { patientId, consents, seals, cardFlags, emergency, disaster },
  };
}

/**
 * Visit every tuple with its PDP inputs, built from parts computed once per dimension value (a tuple's inputs are
 * exactly `materialise(t)`'s; only the allocation differs). The tuple object is reused: copy it to keep it.
 */
export function walk(visit: (t: Tuple, inputs: { subject: Subject; resource: ResourceAttributes; attrs: PatientAttributes }) => void): number {
  const D = DIMENSIONS;
  // Each input depends on a few dimensions only: build it once per combination of those, indexed by position.
  const lazy = <T>(make: () => T) => { let v: T | undefined; return () => (v ??= make()); };
  const grid = <T>(sizes: number[], make: (ix: number[]) => T): ((...ix: number[]) => T) => {
    const cells = new Map<number, () => T>();
    return (...ix) => {
      let k = 0;
      for (let i = 0; i < ix.length; i++) k = k * sizes[i] + ix[i];
      let c = cells.get(k);
      if (!c) cells.set(k, (c = lazy(() => make(ix))));
      return c();
    };
  };
  const base = (over: Partial<Tuple>): Tuple => ({ role: "doctor", purpose: "TREAT", category: "condition", consent: "none", card: "none", seal: "none", emergency: "none", self: false, withheld: false, aspect: "content", ...over });
  const nR = D.role.length, nP = D.purpose.length, nC = D.category.length;
  const subjects = grid([nR, 2, nP], ([r, s, p]) => materialise(base({ role: D.role[r], self: s === 1, purpose: D.purpose[p] })).subject);
  const resources = grid([nC, 2, 2], ([c, w, a]) => materialise(base({ category: D.category[c], withheld: w === 1, aspect: D.aspect[a] })).resource);
  const consents = grid([D.consent.length, nP, nC], ([k, p, c]) => materialise(base({ consent: D.consent[k], purpose: D.purpose[p], category: D.category[c] })).attrs.consents);
  const cards = grid([D.card.length, nC], ([f, c]) => materialise(base({ card: D.card[f], category: D.category[c] })).attrs.cardFlags);
  const seals = grid([D.seal.length, nC], ([l, c]) => materialise(base({ seal: D.seal[l], category: D.category[c] })).attrs.seals);
  const grants = grid([D.emergency.length, nR, 2], ([e, r, s]) => materialise(base({ emergency: D.emergency[e], role: D.role[r], self: s === 1 })).attrs.emergency);
  const identifications = grid([D.emergency.length], ([e]) => materialise(base({ emergency: D.emergency[e] })).attrs.disaster ?? null);
  const aspects = D.category.map((c) => aspectsOf(c).length);
  let n = 0;
  const t = base({});
  for (let r = 0; r < nR; r++) for (let s = 0; s < (D.role[r] === "patient" ? 2 : 1); s++) for (let p = 0; p < nP; p++) {
    const subject = subjects(r, s, p);
    for (let c = 0; c < nC; c++) for (let k = 0; k < D.consent.length; k++) for (let f = 0; f < D.card.length; f++) {
      for (let l = 0; l < D.seal.length; l++) for (let e = 0; e < D.emergency.length; e++) for (let w = 0; w < 2; w++) for (let a = 0; a < aspects[c]; a++) {
        t.role = D.role[r]; t.self = s === 1; t.purpose = D.purpose[p]; t.category = D.category[c]; t.consent = D.consent[k];
        t.card = D.card[f]; t.seal = D.seal[l]; t.emergency = D.emergency[e]; t.withheld = w === 1; t.aspect = D.aspect[a];
        const resource = resources(c, w, a);
        const attrs: PatientAttributes = { patientId: resource.patientId, consents: consents(k, p, c), cardFlags: cards(f, c), seals: seals(l, c), emergency: grants(e, r, s), disaster: identifications(e) };
        n++;
        visit(t, { subject, resource, attrs });
      }
    }
  }
  return n;
}
