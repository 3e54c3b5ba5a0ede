import type {
  Bundle, BundleEntry, Composition, CompositionSection, Condition, DocumentReference, Encounter, Extension, HumanName, Narrative, Organization, Patient, Practitioner, Reference, Resource,
} from "@medplum/fhirtypes";
import { BUNDLE_ID_SYSTEM } from "../bundle-common.js";
import { DOC_TYPE_SYSTEM } from "../document-rules.js";
import { INSURANCE_MEMBER_SYSTEM } from "../patient-rules.js";
import { INSTITUTION_SYSTEM } from "../walk.js";

/** JP-CLINS / JP Core canonical URLs the builders use (jpfhir.jp, JP-CLINS IG v1.5). */
export const JP = {
  clins: "http://jpfhir.jp/fhir/clins/StructureDefinition/",
  eCS: "http://jpfhir.jp/fhir/eCS/StructureDefinition/",
  section: "http://jpfhir.jp/fhir/clins/CodeSystem/document-section",
  department: "http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department",
  departmentCodes: "http://jami.jp/SS-MIX2/CodeSystem/ClinicalDepartment",
  nameRepresentation: "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation",
  prefecture: "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_Organization_PrefectureNo",
  prefectureCodes: "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/PrefectureNo-2digits",
  resourceIdentifier: "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
} as const;

export const profile = (url: string) => ({ profile: [url] });

/** A FHIR Narrative (status additional) with the text escaped into an XHTML div. */
export function narrative(text: string): Narrative {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { status: "additional", div: `<div xmlns="http://www.w3.org/1999/xhtml">${escaped}</div>` };
}

/** A reference by fullUrl (or `#id` for a contained resource), typed by where it is used. */
export const ref = <T extends Resource = Resource>(reference: string): Reference<T> => ({ reference });

/** A Composition.section with the JP-CLINS section code (document-section) and its narrative. */
export function section(code: string, title: string, text: string | null, entries: string[] = [], sections: CompositionSection[] = []): CompositionSection {
  return {
    title, code: { coding: [{ system: JP.section, code, display: `${title}セクション` }] },
    ...(text ? { text: narrative(text) } : {}), ...(entries.length ? { entry: entries.map(ref) } : {}), ...(sections.length ? { section: sections } : {}),
  };
}

/** A name as JP Core writes it: text plus family / given (split at the first space), IDE (kanji) or SYL (kana). */
function jpName(text: string, representation: "IDE" | "SYL"): HumanName {
  const [family, ...given] = text.split(" ");
  return {
    extension: [{ url: JP.nameRepresentation, valueCode: representation }], use: "official", text,
    ...(given.length ? { family, given: [given.join(" ")] } : {}),
  };
}

export interface PatientInput {
  /** Institution whose local patient id this is (R1010). */
  institution: string;
  localId: string;
  /** 保険者番号:記号:番号:枝番 (JP_Insurance_memberID, R1012/R1013). */
  insuredId: string;
  name: string;
  kana?: string;
  birthDate: string;
  gender: NonNullable<Patient["gender"]>;
}

/** JP_Patient_eCS: local id, insured-person id, kanji and kana names, sex and birth date. */
export function jpPatient(x: PatientInput): Patient {
  return {
    resourceType: "Patient", meta: profile(`${JP.eCS}JP_Patient_eCS`),
    identifier: [{ system: `urn:oid:1.2.392.100495.20.3.51.1${x.institution}`, value: x.localId }, { system: INSURANCE_MEMBER_SYSTEM, value: x.insuredId }],
    name: [jpName(x.name, "IDE"), ...(x.kana ? [jpName(x.kana, "SYL")] : [])], gender: x.gender, birthDate: x.birthDate,
  };
}

export interface OrganizationInput {
  institution: string;
  name: string;
  /** JIS X 0401 two-digit prefecture code. */
  prefecture: string;
}

/** JP_Organization_eCS: the 10-digit institution number (R1021), type prov, prefecture. */
export function jpOrganization(x: OrganizationInput): Organization {
  return {
    resourceType: "Organization", meta: profile(`${JP.eCS}JP_Organization_eCS`),
    extension: [{ url: JP.prefecture, valueCoding: { system: JP.prefectureCodes, code: x.prefecture } }],
    identifier: [{ system: INSTITUTION_SYSTEM, value: x.institution }],
    type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/organization-type", code: "prov" }] }], name: x.name,
  };
}

export function jpPractitioner(name: string, kana?: string): Practitioner {
  return { resourceType: "Practitioner", meta: profile(`${JP.eCS}JP_Practitioner_eCS`), name: [jpName(name, "IDE"), ...(kana ? [jpName(kana, "SYL")] : [])] };
}

/** JP_Encounter_eCS: a finished outpatient (AMB) or inpatient (IMP) encounter. */
export function jpEncounter(kind: "AMB" | "IMP", period?: { start: string; end?: string }, reason?: string): Encounter {
  return {
    resourceType: "Encounter", meta: profile(`${JP.eCS}JP_Encounter_eCS`), status: "finished",
    class: { system: JP.actCode, code: kind, display: kind === "AMB" ? "外来" : "入院" },
    ...(period ? { period } : {}), ...(reason ? { reasonCode: [{ text: reason }] } : {}),
  };
}

export const department = (code: string, display: string): Extension =>
  ({ url: JP.department, valueCodeableConcept: { coding: [{ system: JP.departmentCodes, code, display }] } });

export interface CompositionInput {
  profile: string;
  typeCode: string;
  typeDisplay: string;
  title: string;
  date: string;
  subject: string;
  encounter?: string;
  authors: string[];
  custodian: string;
  sections: CompositionSection[];
}

export function jpComposition(x: CompositionInput): Composition {
  return {
    resourceType: "Composition", meta: profile(x.profile), status: "final",
    type: { coding: [{ system: DOC_TYPE_SYSTEM, code: x.typeCode, display: x.typeDisplay }] },
    subject: ref(x.subject), ...(x.encounter ? { encounter: ref(x.encounter) } : {}), date: x.date,
    author: x.authors.map((a) => ref(a)), title: x.title, custodian: ref(x.custodian), section: x.sections,
  };
}

/** A JP-CLINS Bundle identifier (R02151, R2152): institution ^ year ^ local id. */
export const bundleIdentifier = (institution: string, at: string, local: string) => ({ system: BUNDLE_ID_SYSTEM, value: `${institution}^${at.slice(0, 4)}^${local}` });

export interface Entry<R extends Resource = Resource> {
  fullUrl: string;
  resource: R;
}

/** A document Bundle (FHIR R4 Bundle.type document, bdl-9/10/11): the Composition first, then the other entries. */
export function documentBundle(x: { profile: string; identifier: { system: string; value: string }; timestamp: string; entries: Entry[] }): Bundle {
  return {
    resourceType: "Bundle", meta: profile(x.profile), identifier: x.identifier, type: "document", timestamp: x.timestamp,
    entry: x.entries.map((e): BundleEntry => ({ fullUrl: e.fullUrl, resource: e.resource })),
  };
}

/** A Condition inside a document (JP_Condition_eCS): the text, an optional code, onset and clinical status. */
export function jpCondition(patient: string, text: string, onset: string, status: "active" | "resolved" = "active", code?: { system: string; code: string }): Condition {
  return {
    resourceType: "Condition", meta: profile(`${JP.eCS}JP_Condition_eCS`),
    clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: status }] },
    code: { ...(code ? { coding: [{ ...code, display: text }] } : {}), text }, subject: ref(patient), onsetDateTime: onset,
  };
}

export interface AttachmentInput {
  contentType: string;
  data: Buffer;
  title: string;
}

/** A key image or PDF as a DocumentReference (JP_DocumentReference_eCS) with its bytes inline (base64). */
export function jpAttachment(patient: string, a: AttachmentInput, at: string): DocumentReference {
  return {
    resourceType: "DocumentReference", meta: profile(`${JP.eCS}JP_DocumentReference_eCS`), status: "current", description: a.title,
    type: { coding: [{ system: "http://loinc.org", code: "55113-5", display: "Key images" }] }, subject: ref(patient), date: at,
    content: [{ attachment: { contentType: a.contentType, data: a.data.toString("base64"), title: a.title, size: a.data.length } }],
  };
}
