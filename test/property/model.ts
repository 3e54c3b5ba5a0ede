/**
 * An independent reference model of who may see what (SPEC §6), written from the spec in a few lines of plain code,
 * not from the PDP or policy.csv. The property test compares the running hub with it.
 */
export const CLINICAL = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"] as const;
export type Clinical = (typeof CLINICAL)[number];
export const ORGS = ["1310000001", "1310000002", "1310000003", "1310000005"] as const;

export interface Rec { id: string; category: Clinical; org: string; withheld: boolean }
/** A seal names any of an institution, a category and a record; the names combine with AND. */
export interface Seal { level: "RESTRICTED" | "SEALED"; org?: string; category?: Clinical; recordIndex?: number }
/** A consent for one institution; it may also name records and source institutions (both must match). */
export interface Consent { org: string; categories: Clinical[] | null; recordIndexes?: number[]; sources?: string[] }
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
  | { kind: "responder"; grant: "active" | "expired" | "none" }
  /** A nurse named on a responder's grant (docs/emergency.md, team grants). */
  | { kind: "team-nurse"; grant: "active" | "expired" }
  /** A nurse of a team dispatched into a declared disaster, reading with purpose DISASTER; identified or not. */
  | { kind: "disaster"; identified: boolean };

/** What each kind of caller may read at all, for its usual purpose. */
const READS: Record<string, readonly Clinical[]> = {
  doctor: CLINICAL, nurse: CLINICAL, pharmacist: CLINICAL,
  self: CLINICAL, "other-patient": [], researcher: [], responder: ["condition", "allergy", "infection", "contraindication", "lab_emergency", "prescription"],
  "team-nurse": ["condition", "allergy", "infection", "contraindication", "lab_emergency", "prescription"],
  // The disaster special measure: medication and the clinical kinds, never labs.
  disaster: ["condition", "allergy", "infection", "contraindication", "prescription"],
};

const scoped = (k: Consent) => k.recordIndexes !== undefined || k.sources !== undefined;
const consentCovers = (k: Consent, r: Rec, index: number) => (k.categories === null || k.categories.includes(r.category))
  && (k.recordIndexes === undefined || k.recordIndexes.includes(index)) && (k.sources === undefined || k.sources.includes(r.org));

/** The caller's consents and card reading that speak for this category (staff only). */
function bases(s: Scenario, category: Clinical) {
  const c = s.caller;
  if (c.kind !== "doctor" && c.kind !== "nurse" && c.kind !== "pharmacist") return { whole: false, scopedConsents: [] as Consent[] };
  const mine = s.consents.filter((k) => k.org === c.org && (k.categories === null || k.categories.includes(category)));
  const card = c.org === "1310000002" && s.cardFlag !== null && s.cardFlag.fresh && s.cardFlag.categories.includes(category);
  return { whole: card || mine.some((k) => !scoped(k)), scopedConsents: mine.filter(scoped) };
}

/** May the caller list this category of this patient at all (before seals)? */
export function categoryAllowed(s: Scenario, category: Clinical): boolean {
  const c = s.caller;
  if (!READS[c.kind].includes(category)) return false;
  if (c.kind === "self") return true;
  if (c.kind === "responder" || c.kind === "team-nurse") return c.grant === "active";
  if (c.kind === "disaster") return c.identified;
  if (c.kind !== "doctor" && c.kind !== "nurse" && c.kind !== "pharmacist") return false;
  const b = bases(s, category);
  return b.whole || b.scopedConsents.length > 0;
}

/** A seal covers a record when every field it names matches. */
const sealCovers = (x: Seal, r: Rec, index: number) =>
  (x.org === undefined || x.org === r.org) && (x.category === undefined || x.category === r.category) && (x.recordIndex === undefined || x.recordIndex === index);

/** Is this record visible to the caller (in its list and by id), given that its category may be listed? */
export function recordVisible(s: Scenario, r: Rec, index: number): boolean {
  const self = s.caller.kind === "self";
  if (self) return !r.withheld;
  const covering = s.seals.filter((x) => sealCovers(x, r, index));
  if (covering.some((x) => x.level === "SEALED")) return false;
  // Only break-glass passes a restriction; the disaster special measure does not.
  const grant = (s.caller.kind === "responder" || s.caller.kind === "team-nurse") && s.caller.grant === "active";
  if (covering.some((x) => x.level === "RESTRICTED") && !grant) return false;
  if (s.caller.kind === "doctor" || s.caller.kind === "nurse" || s.caller.kind === "pharmacist") {
    const b = bases(s, r.category);
    return b.whole || b.scopedConsents.some((k) => consentCovers(k, r, index));
  }
  return true;
}

/** Secondary use (extraction and catalog) may use a record when no seal of either level covers it. */
export function researchUsable(s: Scenario, r: Rec, index: number): boolean {
  return !s.seals.some((x) => sealCovers(x, r, index));
}
