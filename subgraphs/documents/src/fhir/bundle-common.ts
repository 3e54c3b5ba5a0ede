import type { ValidationIssue } from "@hub/common";
import { issue } from "./issue.js";
import { resourceRules } from "./resource-rules.js";
import { isObject, references, type Entry, type Json } from "./walk.js";

export const BUNDLE_ID_SYSTEM = "http://jpfhir.jp/fhir/clins/bundle-identifier";

/** R02151 / R2152: the JP-CLINS Bundle identifier `institution^year^local id`. */
export function bundleIdentifierRules(bundle: Json): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const id = isObject(bundle.identifier) ? bundle.identifier : undefined;
  if (id?.system !== BUNDLE_ID_SYSTEM) out.push(issue("R02151", "Bundle.identifier.system", `Bundle.identifier.system must be ${BUNDLE_ID_SYSTEM}`));
  if (typeof id?.value !== "string" || !/^\d{10}\^20[2-3]\d\^[A-Za-z0-9-]{1,36}$/.test(id.value)) {
    out.push(issue("R2152", "Bundle.identifier.value", "Bundle.identifier.value must be 10-digit institution number ^ year (202x–203x) ^ 1–36 of [A-Za-z0-9-]"));
  }
  return out;
}

/**
 * Bundle integrity (FHIR R4 Bundle rules bdl-7, and resolution inside a document): every entry has a unique
 * fullUrl, every reference resolves inside the Bundle (or to a contained resource), exactly one Patient, and every
 * resource that names a subject or patient names that one.
 */
export function integrityRules(list: Entry[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const urls = new Set<string>();
  for (const e of list) {
    if (!e.fullUrl) out.push(issue("fhir-bundle-fullurl", `Bundle.entry[${e.index}].fullUrl`, "every entry needs a fullUrl"));
    else if (urls.has(e.fullUrl)) out.push(issue("bdl-7", `Bundle.entry[${e.index}].fullUrl`, `fullUrl ${e.fullUrl} appears twice`));
    else urls.add(e.fullUrl);
  }
  for (const e of list) {
    const contained = new Set((Array.isArray(e.resource.contained) ? (e.resource.contained as Json[]) : []).map((c) => `#${String(c.id)}`));
    for (const r of references(e.resource, `Bundle.entry[${e.index}].resource`)) {
      if (r.reference.startsWith("#") ? !contained.has(r.reference) : !urls.has(r.reference)) {
        out.push(issue("doc-reference-resolves", r.path, `reference ${r.reference} does not resolve inside the Bundle`));
      }
    }
  }
  const patients = list.filter((e) => e.resource.resourceType === "Patient");
  if (patients.length !== 1) out.push(issue("doc-one-patient", "Bundle.entry", `a Bundle carries exactly one Patient, found ${patients.length}`));
  const patientUrls = new Set(patients.map((p) => p.fullUrl));
  for (const e of list) {
    for (const key of ["subject", "patient"]) {
      const ref = isObject(e.resource[key]) ? (e.resource[key] as Json).reference : undefined;
      if (typeof ref !== "string" || patients.length !== 1 || ref === patients[0].fullUrl) continue;
      if (patientUrls.has(ref) || list.find((x) => x.fullUrl === ref)?.resource.resourceType === "Patient") {
        out.push(issue("doc-patient-consistent", `Bundle.entry[${e.index}].resource.${key}`, "every resource must be about the same patient"));
      }
    }
  }
  return out;
}

/** The per-resource JP-CLINS rules for every entry (their FHIR R4 structure is stage 1's, see validate.ts). */
export function entryRules(list: Entry[]): ValidationIssue[] {
  return list.flatMap((e) => resourceRules(e.resource, `Bundle.entry[${e.index}].resource`));
}
