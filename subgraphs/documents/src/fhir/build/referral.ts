import type { AllergyIntolerance, Bundle, Coding } from "@medplum/fhirtypes";
import { randomIds, type Ids } from "./ids.js";
import {
  JP, bundleIdentifier, documentBundle, jpAttachment, jpComposition, jpCondition, jpEncounter, jpOrganization, jpPatient, jpPractitioner, profile, ref, section,
  type AttachmentInput, type Entry, type OrganizationInput, type PatientInput,
} from "./jp.js";

export interface ReferralInput {
  /** The referring institution and its doctor (the author). */
  from: OrganizationInput & { doctor: string };
  /** The institution referred to, and the doctor when known. */
  to: OrganizationInput & { doctor?: string };
  patient: PatientInput;
  /** Day of issue (YYYY-MM-DD). */
  date: string;
  purpose: string;
  diagnoses: { text: string; onset: string; code?: { system: string; code: string } }[];
  presentIllness?: string;
  allergies?: { text: string; code: Coding; category: NonNullable<AllergyIntolerance["category"]>; criticality: NonNullable<AllergyIntolerance["criticality"]> }[];
  attachments?: AttachmentInput[];
  ids?: Ids;
}

/**
 * A 診療情報提供書 document Bundle after JP_Bundle_eReferral / JP_Composition_eReferral (JP-CLINS v1.5; doc-typecodes
 * 57133-1): 紹介元情報 920 and 紹介先情報 910 sections, and the structured section 300 with 紹介目的 950 (an Encounter
 * with the reason), 傷病名・主訴 340, 現病歴 360, アレルギー 510 and 添付 (key images or PDFs as DocumentReferences).
 */
export function buildReferral(x: ReferralInput): Bundle {
  const ids = x.ids ?? randomIds();
  const at = `${x.date}T10:00:00+09:00`;
  const [comp, pat, visit, author, org, dest, destDoc, purpose] = Array.from({ length: 8 }, () => ids.urn());
  const conditions = x.diagnoses.map((d) => ({ fullUrl: ids.urn(), resource: jpCondition(pat, d.text, d.onset, "active", d.code) }));
  const allergies = (x.allergies ?? []).map((a) => {
    const resource: AllergyIntolerance = {
      resourceType: "AllergyIntolerance", meta: profile(`${JP.eCS}JP_AllergyIntolerance_eCS`),
      clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" }] },
      category: a.category, criticality: a.criticality, code: { coding: [a.code], text: a.text }, patient: ref(pat),
    };
    return { fullUrl: ids.urn(), resource, text: a.text };
  });
  const files = (x.attachments ?? []).map((a) => ({ fullUrl: ids.urn(), resource: jpAttachment(pat, a, at) }));
  const structured = [
    section("950", "紹介目的", x.purpose, [purpose]),
    section("340", "傷病名・主訴", x.diagnoses.map((d) => d.text).join("、"), conditions.map((c) => c.fullUrl)),
    ...(x.presentIllness ? [section("360", "現病歴", x.presentIllness)] : []),
    ...(allergies.length ? [section("510", "アレルギー・不耐性反応", allergies.map((a) => a.text).join("、"), allergies.map((a) => a.fullUrl))] : []),
    ...(files.length ? [section("330", "臨床経過", files.map((f) => f.resource.description).join("、"), files.map((f) => f.fullUrl))] : []),
  ];
  const entries: Entry[] = [
    { fullUrl: comp, resource: jpComposition({
      profile: "http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral", typeCode: "57133-1", typeDisplay: "診療情報提供書",
      title: "診療情報提供書", date: at, subject: pat, encounter: visit, authors: [author, org], custodian: org,
      sections: [
        section("920", "紹介元情報", `${x.from.name} ${x.from.doctor}`, [org, author]),
        section("910", "紹介先情報", `${x.to.name}${x.to.doctor ? ` ${x.to.doctor}` : ""}`, [dest, ...(x.to.doctor ? [destDoc] : [])]),
        section("300", "構造情報", null, [], structured),
      ],
    }) },
    { fullUrl: pat, resource: jpPatient(x.patient) },
    { fullUrl: visit, resource: jpEncounter("AMB", { start: x.date }) },
    { fullUrl: author, resource: jpPractitioner(x.from.doctor) },
    { fullUrl: org, resource: jpOrganization(x.from) },
    { fullUrl: dest, resource: jpOrganization(x.to) },
    ...(x.to.doctor ? [{ fullUrl: destDoc, resource: jpPractitioner(x.to.doctor) }] : []),
    { fullUrl: purpose, resource: jpEncounter("AMB", undefined, x.purpose) },
    ...conditions, ...allergies.map(({ fullUrl, resource }) => ({ fullUrl, resource })), ...files,
  ];
  return documentBundle({
    profile: `${JP.clins}JP_Bundle_eReferral`, identifier: bundleIdentifier(x.from.institution, at, ids.local("REF")), timestamp: at, entries,
  });
}
