import type { ValidationIssue } from "@hub/common";
import { issue } from "./issue.js";
import { codings } from "./resource-rules.js";
import { isObject, type Json } from "./walk.js";
import { DOCUMENT_PROFILES, documentTypeByCode } from "../document/profiles.js";

/** Section codes (jpfhir.jp document-section code systems of eReferral / eDischargeSummary / CLINS). */
const CDA = "200", PDF = "230", STRUCTURED = "300";

/**
 * Sections each document must carry (JP_Composition_eReferral / _eDischargeSummary slicing): referral — 紹介先情報
 * 910, 紹介元情報 920; discharge summary — 入院時診断 342 and 入院中経過 333 inside the structured section. Both
 * use either the CDA/PDF section or the structured section, not both (checkExist-CDASection-or-structuredSection).
 */
const REQUIRED = (code: string) => { const t = documentTypeByCode(code); return t ? DOCUMENT_PROFILES[t].sections : null; };
const NAMES: Record<string, string> = { 910: "紹介先情報", 920: "紹介元情報", 950: "紹介目的", 340: "傷病名・主訴", 342: "入院時診断", 333: "入院中経過", 300: "構造情報", 422: "計画サマリー" };

const codeOf = (s: Json): string | undefined => codings(s.code).map((c) => c.code).find((c): c is string => typeof c === "string");
const sectionsOf = (v: Json): Json[] => (Array.isArray(v.section) ? (v.section as unknown[]).filter(isObject) : []);

export function sectionRules(comp: Json, typeCode: string): ValidationIssue[] {
  const need = REQUIRED(typeCode);
  if (!need) return [];
  const out: ValidationIssue[] = [];
  const top = sectionsOf(comp);
  const topCodes = top.map(codeOf);
  for (const c of need.top) {
    if (!topCodes.includes(c)) out.push(issue("doc-required-section", "Composition.section", `the ${NAMES[c]} section (${c}) is required`));
  }
  if (!need.cdaOrStructured) return out;
  const structured = top.find((s) => codeOf(s) === STRUCTURED);
  const cda = topCodes.includes(CDA) || topCodes.includes(PDF);
  if (structured && cda) out.push(issue("checkExist-CDASection-or-structuredSection", "Composition.section", "use either the CDA/PDF section or the structured section, not both"));
  if (!structured && !cda) out.push(issue("checkExist-CDASection-or-structuredSection", "Composition.section", "the document needs the structured section (300) or a CDA/PDF section"));
  if (structured) {
    const inner = sectionsOf(structured).map(codeOf);
    for (const c of need.structured) {
      if (!inner.includes(c)) out.push(issue("doc-required-section", `Composition.section[${topCodes.indexOf(STRUCTURED)}].section`, `the ${NAMES[c]} section (${c}) is required in 構造情報`));
    }
  }
  return out;
}
