import type { Bundle, CarePlan } from "@medplum/fhirtypes";
import { randomIds, type Ids } from "./ids.js";
import {
  JP, bundleIdentifier, documentBundle, jpComposition, jpCondition, jpOrganization, jpPatient, jpPractitioner, profile, ref, section,
  type Entry, type OrganizationInput, type PatientInput,
} from "./jp.js";

export interface PatientSummaryInput {
  institution: OrganizationInput & { doctor: string };
  patient: PatientInput;
  date: string;
  conditions: { text: string; onset: string }[];
  plan: string;
  ids?: Ids;
}

/**
 * A 患者サマリー (療養計画書) document Bundle after JP_Bundle_ePCS / JP_Composition_ePCS (doc-typecodes 56447-6): the
 * 計画サマリー section (422) with the conditions and a CarePlan. The fourth document kind the hub exchanges (PATIENT_SUMMARY, category document_summary).
 */
export function buildPatientSummary(x: PatientSummaryInput): Bundle {
  const ids = x.ids ?? randomIds();
  const at = `${x.date}T10:00:00+09:00`;
  const [comp, pat, org, doc, plan] = Array.from({ length: 5 }, () => ids.urn());
  const conditions = x.conditions.map((c) => ({ fullUrl: ids.urn(), resource: jpCondition(pat, c.text, c.onset) }));
  const carePlan: CarePlan = {
    resourceType: "CarePlan", meta: profile(`${JP.eCS}JP_CarePlan_ePCS`), status: "active", intent: "plan", title: "療養計画",
    description: x.plan, subject: ref(pat), period: { start: x.date }, created: x.date,
  };
  const entries: Entry[] = [
    { fullUrl: comp, resource: jpComposition({
      profile: "http://jpfhir.jp/fhir/ePCS/StructureDefinition/JP_Composition_ePCS", typeCode: "56447-6", typeDisplay: "計画書",
      title: "患者サマリー（療養計画書）", date: at, subject: pat, authors: [doc, org], custodian: org,
      sections: [section("422", "計画サマリー", x.plan, [...conditions.map((c) => c.fullUrl), plan])],
    }) },
    { fullUrl: pat, resource: jpPatient(x.patient) },
    { fullUrl: org, resource: jpOrganization(x.institution) },
    { fullUrl: doc, resource: jpPractitioner(x.institution.doctor) },
    ...conditions,
    { fullUrl: plan, resource: carePlan },
  ];
  return documentBundle({ profile: `${JP.clins}JP_Bundle_ePCS`, identifier: bundleIdentifier(x.institution.institution, at, ids.local("PCS")), timestamp: at, entries });
}
