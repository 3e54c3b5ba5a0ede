import type { ValidationIssue } from "@hub/common";
import { entries, isObject, references, type Json } from "./walk.js";

export const DOC_TYPE_SYSTEM = "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes";
export const DOCUMENT_CODES = { "57133-1": "REFERRAL", "18842-5": "DISCHARGE_SUMMARY", "53576-5": "CHECKUP_REPORT" } as const;
export const BUNDLE_ID_SYSTEM = "http://jpfhir.jp/fhir/clins/bundle-identifier";

const issue = (ruleId: string, path: string, message: string): ValidationIssue => ({ ruleId, path, message, severity: "error" });

/**
 * Document Bundle consistency (FHIR R4 Bundle.type = document; JP-CLINS eReferral / eDischargeSummary / eCheckup):
 * the Composition first, every reference resolves inside the Bundle, one patient throughout, a known document
 * type, and the JP-CLINS Bundle identifier (R02151, R2152).
 */
export function documentRules(bundle: Json): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (bundle.resourceType !== "Bundle") return [issue("fhir-resource-type", "resourceType", "a document must be a Bundle")];
  if (bundle.type !== "document") out.push(issue("fhir-bundle-type", "Bundle.type", 'Bundle.type must be "document"'));
  const list = entries(bundle);
  if (list.length === 0) return [...out, issue("fhir-bundle-entry", "Bundle.entry", "the Bundle has no entries")];
  const comp = list[0].resource;
  if (comp.resourceType !== "Composition") out.push(issue("doc-composition-first", "Bundle.entry[0].resource", "the first entry of a document Bundle must be the Composition"));
  const id = isObject(bundle.identifier) ? bundle.identifier : undefined;
  if (id?.system !== BUNDLE_ID_SYSTEM) out.push(issue("R02151", "Bundle.identifier.system", `Bundle.identifier.system must be ${BUNDLE_ID_SYSTEM}`));
  if (typeof id?.value !== "string" || !/^\d{10}\^20[2-3]\d\^[A-Za-z0-9-]{1,36}$/.test(id.value)) {
    out.push(issue("R2152", "Bundle.identifier.value", "Bundle.identifier.value must be 10-digit institution number ^ year (202x–203x) ^ 1–36 of [A-Za-z0-9-]"));
  }
  if (comp.resourceType === "Composition") {
    const codings = isObject(comp.type) && Array.isArray(comp.type.coding) ? (comp.type.coding as Json[]) : [];
    if (!codings.some((c) => c.system === DOC_TYPE_SYSTEM && typeof c.code === "string" && c.code in DOCUMENT_CODES)) {
      out.push(issue("doc-type-code", "Composition.type", `Composition.type must be ${Object.keys(DOCUMENT_CODES).join(", ")} in ${DOC_TYPE_SYSTEM}`));
    }
    for (const f of ["status", "date", "title", "subject", "author"]) {
      if (comp[f] === undefined) out.push(issue("fhir-required", `Composition.${f}`, `Composition.${f} is required (1..1 / 1..*)`));
    }
  }
  const urls = new Set(list.map((e) => e.fullUrl).filter((u): u is string => !!u));
  list.forEach((e) => { if (!e.fullUrl) out.push(issue("fhir-bundle-fullurl", `Bundle.entry[${e.index}].fullUrl`, "every entry needs a fullUrl")); });
  for (const e of list) {
    for (const r of references(e.resource, `Bundle.entry[${e.index}].resource`)) {
      if (r.reference.startsWith("#")) continue;
      if (!urls.has(r.reference)) out.push(issue("doc-reference-resolves", r.path, `reference ${r.reference} does not resolve inside the Bundle`));
    }
  }
  const patients = list.filter((e) => e.resource.resourceType === "Patient");
  if (patients.length !== 1) out.push(issue("doc-one-patient", "Bundle.entry", `a document carries exactly one Patient, found ${patients.length}`));
  const subject = isObject(comp.subject) ? comp.subject.reference : undefined;
  if (patients.length === 1 && subject !== patients[0].fullUrl) out.push(issue("doc-patient-consistent", "Composition.subject", "Composition.subject must reference the Bundle's Patient"));
  for (const e of list) {
    for (const key of ["subject", "patient"]) {
      const ref = isObject(e.resource[key]) ? (e.resource[key] as Json).reference : undefined;
      if (typeof ref === "string" && patients.length === 1 && ref !== patients[0].fullUrl && urls.has(ref)
        && list.find((x) => x.fullUrl === ref)?.resource.resourceType === "Patient") {
        out.push(issue("doc-patient-consistent", `Bundle.entry[${e.index}].resource.${key}`, "every resource must be about the same patient"));
      }
    }
  }
  return out;
}

/** The document type of a valid document Bundle. */
export function documentTypeOf(bundle: Json): (typeof DOCUMENT_CODES)[keyof typeof DOCUMENT_CODES] | null {
  const comp = entries(bundle)[0]?.resource;
  const codings = comp && isObject(comp.type) && Array.isArray(comp.type.coding) ? (comp.type.coding as Json[]) : [];
  const hit = codings.find((c) => c.system === DOC_TYPE_SYSTEM && typeof c.code === "string" && c.code in DOCUMENT_CODES);
  return hit ? DOCUMENT_CODES[hit.code as keyof typeof DOCUMENT_CODES] : null;
}
