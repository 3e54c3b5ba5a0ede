import { BadUserInputError } from "@hub/common";
import type { DatasetFilters } from "../extraction/filters.js";
import type { DatasetFiltersInput, SubmitDatasetRequestInput } from "./request.type.js";
import { processingOf } from "./processing.js";

/** Record categories a dataset can contain (the six information). */
export const DATASET_CATEGORIES = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"];
export const DEFAULT_K = 5;

const bad = (argument: string, message: string) => new BadUserInputError(message, { argument });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9.\-]{1,20}$/;

function day(v: string | null | undefined, argument: string): string | null {
  if (v === null || v === undefined) return null;
  if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw bad(argument, `${argument} must be a date YYYY-MM-DD`);
  }
  return v;
}

function text(v: string, argument: string, max = 200): string {
  const t = (v ?? "").trim();
  if (t.length === 0 || t.length > max) throw bad(argument, `${argument} must have 1 to ${max} characters`);
  return t;
}

export function validFilters(f: DatasetFiltersInput | null | undefined, categories: string[]): DatasetFilters {
  if (!f) return {};
  const out: DatasetFilters = {};
  if (f.ageRange) {
    const { min, max } = f.ageRange;
    for (const [k, v] of [["min", min], ["max", max]] as const) {
      if (v !== null && v !== undefined && (v < 0 || v > 130)) throw bad(`filters.ageRange.${k}`, "ages are 0 to 130");
    }
    if (min != null && max != null && min > max) throw bad("filters.ageRange", "min is greater than max");
    out.ageRange = { min: min ?? null, max: max ?? null };
  }
  if (f.sex?.length) out.sex = [...new Set(f.sex)];
  if (f.prefectures?.length) {
    for (const p of f.prefectures) if (!/^(0[1-9]|[1-3]\d|4[0-7])$/.test(p)) throw bad("filters.prefectures", `${p} is not a prefecture code 01-47`);
    out.prefectures = [...new Set(f.prefectures)];
  }
  if (f.conditionCodes?.length) {
    for (const c of f.conditionCodes) if (!CODE.test(c)) throw bad("filters.conditionCodes", `${c} is not a code`);
    out.conditionCodes = [...new Set(f.conditionCodes)];
  }
  if (f.codes?.length) {
    out.codes = f.codes.map((cc) => {
      if (!categories.includes(cc.category)) throw bad("filters.codes", `${cc.category} is not one of the requested categories`);
      for (const c of cc.codes) if (!CODE.test(c)) throw bad("filters.codes", `${c} is not a code`);
      return { category: cc.category, codes: [...new Set(cc.codes)] };
    });
  }
  if (f.period) {
    const from = day(f.period.from, "filters.period.from");
    const to = day(f.period.to, "filters.period.to");
    if (from && to && from > to) throw bad("filters.period", "from is after to");
    out.period = { from, to };
  }
  return out;
}

export function validRequest(input: SubmitDatasetRequestInput) {
  const categories = [...new Set(input.categories as string[])];
  if (categories.length === 0) throw bad("categories", "name at least one category");
  for (const c of categories) if (!DATASET_CATEGORIES.includes(c)) throw bad("categories", `${c} cannot be requested; datasets hold ${DATASET_CATEGORIES.join(", ")}`);
  const k = input.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < DEFAULT_K || k > 100) throw bad("k", `k is ${DEFAULT_K} to 100`);
  return {
    projectName: text(input.projectName, "projectName"),
    requesterOrganization: text(input.requesterOrganization, "requesterOrganization"),
    categories, k, filters: validFilters(input.filters, categories), fields: [...new Set(input.fields ?? [])] as string[],
    processing: processingOf(input.purpose, input.legalBasis, input.requesterKind),
  };
}
