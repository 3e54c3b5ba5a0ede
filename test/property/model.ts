/**
 * An independent reference model of who may see what (SPEC §6), written from the spec in a few lines of plain code,
 * not from the PDP or policy.csv. The property test compares the running hub with it.
 */
export const CLINICAL = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"] as const;
export type Clinical = (typeof CLINICAL)[number];
export const ORGS = ["1310000001", "1310000002", "1310000003", "1310000005"] as const;

export interface Rec { id: string; category: Clinical; org: string; withheld: boolean }
export interface Seal { level: "RESTRICTED" | "SEALED"; org?: string; category?: Clinical; recordIndex?: number }
export interface Consent { org: string; categories: Clinical[] | null }
export interface Scenario {
  records: Rec[];
  consents: Consent[];
  seals: Seal[];
  cardFlag: { categories: Clinical[]; fresh: boolean } | null;
  caller: Caller;
}
export type Caller =
  | { kind: "doctor" | "nurse" | "pharmacist"; org: string }
  | { kind: "self" } | { kind: "other-patient" } | { kind: "researcher" }
  | { kind: "responder"; grant: "active" | "expired" | "none" };

/** What each kind of caller may read at all, for its usual purpose. */
const READS: Record<string, readonly Clinical[]> = {
  doctor: CLINICAL, nurse: CLINICAL, pharmacist: ["prescription", "contraindication", "allergy"],
  self: CLINICAL, "other-patient": [], researcher: [], responder: ["condition", "allergy", "infection", "contraindication", "lab_emergency", "prescription"],
};

/** May the caller read this category of this patient at all (before seals)? */
export function categoryAllowed(s: Scenario, category: Clinical): boolean {
  const c = s.caller;
  if (!READS[c.kind].includes(category)) return false;
  if (c.kind === "self") return true;
  if (c.kind === "responder") return c.grant === "active";
  if (c.kind !== "doctor" && c.kind !== "nurse" && c.kind !== "pharmacist") return false;
  const consent = s.consents.some((k) => k.org === c.org && (k.categories === null || k.categories.includes(category)));
  const card = c.org === "1310000002" && s.cardFlag !== null && s.cardFlag.fresh && s.cardFlag.categories.includes(category);
  return consent || card;
}

/** Is this record visible to the caller, given that its category is allowed? */
export function recordVisible(s: Scenario, r: Rec, index: number): boolean {
  const self = s.caller.kind === "self";
  if (self) return !r.withheld;
  const covering = s.seals.filter((x) => x.org === r.org || x.category === r.category || x.recordIndex === index);
  if (covering.some((x) => x.level === "SEALED")) return false;
  const grant = s.caller.kind === "responder" && s.caller.grant === "active";
  if (covering.some((x) => x.level === "RESTRICTED") && !grant) return false;
  return true;
}
