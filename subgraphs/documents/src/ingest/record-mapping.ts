import { createHash } from "node:crypto";
import { INDICATION_TAG, institutionOfEntry, tags } from "../fhir/clins-rules.js";
import { codings } from "../fhir/resource-rules.js";
import { isObject, type Json } from "../fhir/walk.js";

export type RecordCategory = "condition" | "allergy" | "infection" | "contraindication" | "lab_emergency" | "lab_lifestyle" | "prescription";

export interface MappedRecord {
  category: RecordCategory;
  sourceOrgId: string | undefined;
  identifier: string;
  recordedAt: Date;
  code: string | null;
  codeSystem: string | null;
  display: string | null;
  status: string | null;
  valueText: string | null;
  valueNum: number | null;
  unit: string | null;
  withheld: boolean;
  longTerm: boolean;
  fhir: Json;
}

const JLAC10 = "urn:oid:1.2.392.200119.4.504";
const JLAC_SYSTEMS = /JP_CLINS_ObsLabResult_CoreLabo_CS|master-JLAC10|JLAC11/;
/**
 * 生活習慣病関連の検査 (JP-CLINS lifestyle lab set) by JLAC10 analyte code: HbA1c, glucose, LDL/HDL cholesterol,
 * triglycerides, AST, ALT, γ-GT, creatinine, eGFR (8A065), uric acid, urine protein (1A990) and sugar. Infection tests
 * are the JLAC10 5E/5F analytes. Every other lab result belongs to the emergency set (救急時に有用な検査).
 */
export const LIFESTYLE_ANALYTES = new Set([
  "3D046", "3D045", "3D010", // HbA1c, glucose
  "3F077", "3F070", "3F015", "3F050", // LDL, HDL, triglycerides, total cholesterol
  "3B035", "3B045", "3B090", // AST, ALT, γ-GT
  "3C015", "3C016", "3C020", "8A065", // creatinine, uric acid, eGFR (推算GFR, JLAC10 8A065)
  "1A010", "1A020", "1A990", // urine sugar and protein (尿蛋白 定性 1A990)
]);

const text = (cc: unknown): string | null => (isObject(cc) && typeof cc.text === "string" ? cc.text : (codings(cc)[0]?.display as string | undefined) ?? null);
const date = (...v: unknown[]): Date | null => { for (const x of v) if (typeof x === "string" && !Number.isNaN(Date.parse(x))) return new Date(x); return null; };
const statusOf = (cc: unknown): string | null => (codings(cc)[0]?.code as string | undefined) ?? null;

/**
 * The idempotency key of a resource: its type, every business identifier and its code. The IG's lab examples give
 * one order identifier to several test items, so the identifier alone would merge distinct results.
 */
function identityOf(r: Json, code: string | null): string {
  const ids = (Array.isArray(r.identifier) ? (r.identifier as unknown[]).filter(isObject) : []).map((i) => `${String(i.system)}|${String(i.value)}`).sort();
  const key = [String(r.resourceType), ...ids, code ?? "", ids.length ? "" : JSON.stringify(r)].join("\n");
  return `clins:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

/**
 * The resource as the hub stores and returns it: the Bundle-local patient reference (a fullUrl that means nothing
 * outside the Bundle) becomes `Patient/<hub patient id>`, so the stored resource refers to the patient it is filed under.
 */
export function storedResource(r: Json, patientId: string): Json {
  const key = r.resourceType === "AllergyIntolerance" ? "patient" : "subject";
  return { ...r, [key]: { reference: `Patient/${patientId}` } };
}

/** One JP-CLINS resource as a row of the six lists; null for resources that are not clinical information. */
export function mapResource(r: Json): MappedRecord | null {
  const flags = tags(r).filter((t) => t.system === INDICATION_TAG).map((t) => t.code);
  const base = { sourceOrgId: institutionOfEntry(r), withheld: flags.includes("UNINFORMED"), longTerm: flags.includes("LTS"), fhir: r, valueText: null, valueNum: null, unit: null };
  const first = (cc: unknown) => codings(cc)[0];
  switch (r.resourceType) {
    case "Condition": {
      const c = first(r.code);
      return { ...base, category: "condition", identifier: identityOf(r, (c?.code as string) ?? null), recordedAt: date(r.recordedDate, r.onsetDateTime, (r.meta as Json)?.lastUpdated) ?? new Date(),
        code: (c?.code as string) ?? null, codeSystem: (c?.system as string) ?? null, display: text(r.code), status: statusOf(r.clinicalStatus) };
    }
    case "AllergyIntolerance": {
      const c = first(r.code);
      const drug = Array.isArray(r.category) && r.category.includes("medication") && r.criticality === "high";
      // Allergy.criticality and Contraindication.reason are read from value_text.
      const reaction = Array.isArray(r.reaction) && isObject(r.reaction[0]) && Array.isArray(r.reaction[0].manifestation) ? text(r.reaction[0].manifestation[0]) : null;
      return { ...base, category: drug ? "contraindication" : "allergy", identifier: identityOf(r, (c?.code as string) ?? null),
        recordedAt: date(r.recordedDate, r.onsetDateTime, (r.meta as Json)?.lastUpdated) ?? new Date(),
        code: (c?.code as string) ?? null, codeSystem: (c?.system as string) ?? null, display: text(r.code), status: statusOf(r.clinicalStatus),
        valueText: drug ? reaction : typeof r.criticality === "string" ? r.criticality : null };
    }
    case "Observation": {
      const jlac = codings(r.code).find((c) => typeof c.system === "string" && JLAC_SYSTEMS.test(c.system));
      const analyte = typeof jlac?.code === "string" ? jlac.code.slice(0, 5) : null;
      const category: RecordCategory = analyte && /^5[EF]/.test(analyte) ? "infection" : analyte && LIFESTYLE_ANALYTES.has(analyte) ? "lab_lifestyle" : "lab_emergency";
      const q = isObject(r.valueQuantity) ? r.valueQuantity : undefined;
      return { ...base, category, identifier: identityOf(r, (codings(r.code).map((c) => c.code).join(",")) || null),
        recordedAt: date(r.effectiveDateTime, r.issued, (r.meta as Json)?.lastUpdated) ?? new Date(),
        code: analyte ?? ((first(r.code)?.code as string) ?? null), codeSystem: analyte ? JLAC10 : ((first(r.code)?.system as string) ?? null), display: text(r.code),
        status: typeof r.status === "string" ? r.status : null, valueNum: typeof q?.value === "number" ? q.value : null, unit: typeof q?.unit === "string" ? q.unit : null,
        valueText: typeof r.valueString === "string" ? r.valueString : isObject(r.valueCodeableConcept) ? text(r.valueCodeableConcept) : null };
    }
    case "MedicationRequest": {
      const c = first(r.medicationCodeableConcept);
      const dosage = Array.isArray(r.dosageInstruction) && isObject(r.dosageInstruction[0]) ? (r.dosageInstruction[0] as Json).text : undefined;
      const supply = isObject(r.dispenseRequest) && isObject(r.dispenseRequest.expectedSupplyDuration) ? r.dispenseRequest.expectedSupplyDuration.value : undefined;
      return { ...base, category: "prescription", identifier: identityOf(r, (c?.code as string) ?? null), recordedAt: date(r.authoredOn, (r.meta as Json)?.lastUpdated) ?? new Date(),
        code: (c?.code as string) ?? null, codeSystem: (c?.system as string) ?? null, display: text(r.medicationCodeableConcept),
        status: typeof r.status === "string" ? r.status : null, valueText: typeof dosage === "string" ? dosage : null, valueNum: typeof supply === "number" ? supply : null };
    }
    default:
      return null;
  }
}
