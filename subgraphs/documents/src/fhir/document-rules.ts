import type { ValidationIssue } from "@hub/common";
import { bundleIdentifierRules, entryRules, integrityRules } from "./bundle-common.js";
import { issue } from "./issue.js";
import { codings } from "./resource-rules.js";
import { sectionRules } from "./section-rules.js";
import { entries, isObject, type Json } from "./walk.js";
import { DOCUMENT_PROFILES, DOCUMENT_TYPE_NAMES, documentTypeByCode, type DocumentType } from "../document/profiles.js";

export const DOC_TYPE_SYSTEM = "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes";
/** The document kinds the hub exchanges, by their doc-typecodes code (the registry in document/profiles.ts). */
const KNOWN = DOCUMENT_TYPE_NAMES.map((t) => DOCUMENT_PROFILES[t].loinc);

/** The Composition's doc-typecodes code, if it has one the hub knows. */
export function typeCodeOf(comp: Json | undefined): string | undefined {
  return codings(comp?.type).find((c) => c.system === DOC_TYPE_SYSTEM && typeof c.code === "string" && KNOWN.includes(c.code))?.code as string | undefined;
}

/**
 * Document Bundle checks (FHIR R4 Bundle.type = document; every kind of the registry: eReferral / eDischargeSummary / eCheckup / ePCS):
 * the Composition first, a known document type, its required sections, the JP-CLINS Bundle identifier
 * (R02151, R2152), integrity (references, one patient), and the structure and rules of every entry.
 */
export function documentRules(bundle: Json): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (bundle.resourceType !== "Bundle") return [issue("fhir-resource-type", "resourceType", "a document must be a Bundle")];
  if (bundle.type !== "document") out.push(issue("fhir-bundle-type", "Bundle.type", 'Bundle.type must be "document"'));
  const list = entries(bundle);
  if (list.length === 0 || list.length !== (Array.isArray(bundle.entry) ? bundle.entry.length : 0)) {
    return [...out, issue("fhir-bundle-entry", "Bundle.entry", "the Bundle needs entries, each with a resource")];
  }
  const comp = list[0].resource;
  if (comp.resourceType !== "Composition") out.push(issue("doc-composition-first", "Bundle.entry[0].resource", "the first entry of a document Bundle must be the Composition"));
  out.push(...bundleIdentifierRules(bundle));
  if (comp.resourceType === "Composition") {
    const code = typeCodeOf(comp);
    if (!code) out.push(issue("doc-type-code", "Composition.type", `Composition.type must be one of ${KNOWN.join(", ")} in ${DOC_TYPE_SYSTEM}`));
    else out.push(...sectionRules(comp, code));
    const patient = list.find((e) => e.resource.resourceType === "Patient");
    const subject = isObject(comp.subject) ? comp.subject.reference : undefined;
    if (patient && subject !== patient.fullUrl) out.push(issue("doc-patient-consistent", "Composition.subject", "Composition.subject must reference the Bundle's Patient"));
  }
  out.push(...integrityRules(list), ...entryRules(list));
  return out;
}

/** The document type of a valid document Bundle, or null when the hub does not exchange that kind. */
export function documentTypeOf(bundle: Json): DocumentType | null {
  return documentTypeByCode(typeCodeOf(entries(bundle)[0]?.resource));
}
