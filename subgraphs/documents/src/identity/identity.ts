import type { ValidationIssue } from "@hub/common";
import type { PatientIdentity } from "@hub/clinical";
import { issue } from "../fhir/issue.js";
import { entries, isObject, type Json } from "../fhir/walk.js";

/**
 * 本人確認 at ingestion: a Bundle filed under a known insured-person id must describe the same person as the
 * patient record (氏名 or カナ氏名, 生年月日, 性別). The insured id alone is not enough: one mistyped digit would
 * move another patient's letter into this record (MHLW 電子カルテ情報共有サービス: the patient is identified by
 * 被保険者番号 together with 氏名・生年月日・性別, as at the online eligibility check).
 */
export const IDENTITY_RULE = "patient-identity-mismatch";

/** Names compared after NFKC (full/half width), without spaces of any width, hiragana as katakana. */
export function normaliseName(s: string | null | undefined): string | null {
  if (!s) return null;
  const n = s.normalize("NFKC").replace(/[\s\u3000・･]/g, "").replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
  return n || null;
}

export interface BundlePatient {
  index: number;
  name: string | null;
  kana: string | null;
  birthDate: string | null;
  gender: string | null;
}

/** The Bundle's Patient as the issuer wrote it (JP_Patient: the kanji name, and the kana name marked SYL). */
export function bundlePatient(bundle: Json): BundlePatient | null {
  const e = entries(bundle).find((x) => x.resource.resourceType === "Patient");
  if (!e) return null;
  const p = e.resource;
  const names = Array.isArray(p.name) ? (p.name as Json[]).filter(isObject) : [];
  const text = (n: Json | undefined) => (n ? (typeof n.text === "string" ? n.text : [n.family, ...(Array.isArray(n.given) ? n.given : [])].filter(Boolean).join(" ")) || null : null);
  const isKana = (n: Json) => Array.isArray(n.extension) && JSON.stringify(n.extension).includes("SYL");
  return {
    index: e.index, name: text(names.find((n) => !isKana(n))), kana: text(names.find(isKana)),
    birthDate: typeof p.birthDate === "string" ? p.birthDate : null, gender: typeof p.gender === "string" ? p.gender : null,
  };
}

/**
 * The differences between the Bundle's Patient and the patient on record, one issue per element (empty: same
 * person). A name matches when the kanji names or the kana names agree; birth date must agree; sex must agree
 * unless either side is `unknown`.
 */
export function identityIssues(p: BundlePatient, known: PatientIdentity): ValidationIssue[] {
  const base = `Bundle.entry[${p.index}].resource`;
  const out: ValidationIssue[] = [];
  const kanji = normaliseName(p.name) !== null && normaliseName(p.name) === normaliseName(known.name);
  const kana = normaliseName(p.kana) !== null && normaliseName(p.kana) === normaliseName(known.kana);
  if (!kanji && !kana) out.push(issue(IDENTITY_RULE, `${base}.name`, "the patient's name (kanji or kana) differs from the patient holding this insured-person id"));
  if (p.birthDate !== known.birthDate) out.push(issue(IDENTITY_RULE, `${base}.birthDate`, "the birth date differs from the patient holding this insured-person id"));
  if (p.gender && p.gender !== "unknown" && known.gender !== "unknown" && p.gender !== known.gender) {
    out.push(issue(IDENTITY_RULE, `${base}.gender`, "the sex differs from the patient holding this insured-person id"));
  }
  return out;
}
