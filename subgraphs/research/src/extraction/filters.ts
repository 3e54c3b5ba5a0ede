import { researchPatientsRelation, researchRecordsRelation } from "@hub/clinical";
import { institutionsRelation } from "@hub/consent";
import { notSealedSql } from "@hub/policies";

/**
 * A dataset request's filters as stored (jsonb) and the SQL they become. All values are bound parameters; only
 * the fixed fragments below are concatenated.
 */
export interface DatasetFilters {
  ageRange?: { min?: number | null; max?: number | null } | null;
  /** FHIR administrative gender codes: male, female, other, unknown. */
  sex?: string[] | null;
  /** JIS X 0401 two-digit prefecture codes ("13" Tokyo). */
  prefectures?: string[] | null;
  /** Cohort: patients with a condition whose code starts with one of these (ICD-10 prefixes, "E11" covers "E11.9"). */
  conditionCodes?: string[] | null;
  /** Records: restrict a category to codes starting with one of these (e.g. lab_lifestyle → ["3D046"] for HbA1c). */
  codes?: { category: string; codes: string[] }[] | null;
  /** Records dated in this period (inclusive days); also the reference date for ages (its end, or today). */
  period?: { from?: string | null; to?: string | null } | null;
}

export interface RequestSpec {
  categories: string[];
  filters: DatasetFilters;
}

/** What secondary use reads, through each owner's published relation (never the owners' tables by name). */
export const RECORDS = researchRecordsRelation();
export const PATIENTS = researchPatientsRelation();
const INSTITUTIONS = institutionsRelation();

/**
 * Records usable for secondary use: under no active seal of the patient, of either level (封印 hides from everyone
 * but the patient, and no emergency grant applies to research). The seal module's SQL form, alias r.
 */
export const NOT_SEALED = notSealedSql({ patient: "r.patient_id", category: "r.category", sourceOrg: "r.source_org_id", id: "r.id" });

export const NOT_OPTED_OUT = (col: string) => `NOT EXISTS (SELECT 1 FROM research.opt_outs o WHERE o.patient_id = ${col})`;

/**
 * The patient's prefecture: the recorded one, else that of the institution of the patient's latest record
 * (documented rule: where someone is treated is the best available proxy for where they live).
 */
export const PREFECTURE_OF = (p: string) => `coalesce(${p}.prefecture, (SELECT o.prefecture FROM ${RECORDS} rr
  JOIN ${INSTITUTIONS} o ON o.id = rr.source_org_id WHERE rr.patient_id = ${p}.id ORDER BY rr.recorded_at DESC, rr.id DESC LIMIT 1))`;

const prefixes = (codes: string[]) => codes.map((c) => `${c.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);

/** WHERE fragment (alias r) selecting the requested records, with its parameters starting at $start. */
export function recordFilter(spec: RequestSpec, start: number): { where: string; params: unknown[] } {
  const params: unknown[] = [spec.categories];
  const parts = [`r.category = ANY($${start}::text[])`, NOT_SEALED];
  const f = spec.filters;
  for (const cc of f.codes ?? []) {
    if (!cc.codes.length) continue;
    params.push(cc.category, prefixes(cc.codes));
    parts.push(`(r.category <> $${start + params.length - 2} OR r.code LIKE ANY($${start + params.length - 1}::text[]))`);
  }
  if (f.period?.from) {
    params.push(f.period.from);
    parts.push(`coalesce(r.effective_at, r.recorded_at) >= $${start + params.length - 1}::date`);
  }
  if (f.period?.to) {
    params.push(f.period.to);
    parts.push(`coalesce(r.effective_at, r.recorded_at) < ($${start + params.length - 1}::date + 1)`);
  }
  return { where: parts.join(" AND "), params };
}

/** WHERE fragment (alias p, with `age` and `pref` computed in a sub-select) selecting the cohort. */
export function cohortFilter(spec: RequestSpec, start: number): { where: string; params: unknown[] } {
  const f = spec.filters;
  const params: unknown[] = [];
  const parts = [NOT_OPTED_OUT("p.id")];
  const add = (v: unknown) => { params.push(v); return `$${start + params.length - 1}`; };
  if (f.ageRange?.min !== undefined && f.ageRange?.min !== null) parts.push(`p.age >= ${add(f.ageRange.min)}::int`);
  if (f.ageRange?.max !== undefined && f.ageRange?.max !== null) parts.push(`p.age <= ${add(f.ageRange.max)}::int`);
  if (f.sex?.length) parts.push(`p.gender = ANY(${add(f.sex)}::text[])`);
  if (f.prefectures?.length) parts.push(`p.pref = ANY(${add(f.prefectures)}::text[])`);
  if (f.conditionCodes?.length) {
    parts.push(`EXISTS (SELECT 1 FROM ${RECORDS} r WHERE r.patient_id = p.id AND r.category = 'condition'
      AND r.code LIKE ANY(${add(prefixes(f.conditionCodes))}::text[]) AND ${NOT_SEALED})`);
  }
  const rec = recordFilter(spec, start + params.length);
  params.push(...rec.params);
  parts.push(`EXISTS (SELECT 1 FROM ${RECORDS} r WHERE r.patient_id = p.id AND ${rec.where})`);
  return { where: parts.join(" AND "), params };
}

/** The age reference date of a request: end of its period, else the job's transaction time. */
export function referenceDate(spec: RequestSpec, transactionTime: Date): string {
  return spec.filters.period?.to ?? transactionTime.toISOString().slice(0, 10);
}
