import type { Bundle, Observation } from "@medplum/fhirtypes";
import { randomIds, type Ids } from "./ids.js";
import {
  JP, bundleIdentifier, documentBundle, jpComposition, jpOrganization, jpPatient, jpPractitioner, profile, ref,
  type Entry, type OrganizationInput, type PatientInput,
} from "./jp.js";

/** 特定健診 result item codes (urn:oid:1.2.392.200119.6.1005, the MHLW checkup item code list). */
export const CHECKUP_ITEMS = {
  height: { code: "9N001000000000001", display: "身長", unit: "cm" },
  weight: { code: "9N006000000000001", display: "体重", unit: "kg" },
  bmi: { code: "9N011000000000001", display: "BMI", unit: "kg/m2" },
  waist: { code: "9N016160100000001", display: "腹囲(実測)", unit: "cm" },
  systolic: { code: "9A751000000000001", display: "収縮期血圧(その他)", unit: "mm[Hg]" },
  diastolic: { code: "9A761000000000001", display: "拡張期血圧(その他)", unit: "mm[Hg]" },
  hba1c: { code: "3D046000001920402", display: "HbA1c(NGSP値)", unit: "%" },
} as const;
const ITEM_SYSTEM = "urn:oid:1.2.392.200119.6.1005";
const CATEGORY = "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS";

export interface CheckupInput {
  institution: OrganizationInput & { doctor: string };
  patient: PatientInput;
  /** Day of the checkup (YYYY-MM-DD). */
  date: string;
  results: Partial<Record<keyof typeof CHECKUP_ITEMS, number>>;
  ids?: Ids;
}

/**
 * A 健康診断結果報告書 document Bundle after JP_Bundle_eCheckupGeneral / JP_Composition_eCheckupGeneral (eCheckupReport
 * IG v1.5; doc-typecodes 53576-5): the 健診結果 section (01011) with one Observation per measured item (UCUM units).
 */
export function buildCheckupReport(x: CheckupInput): Bundle {
  const ids = x.ids ?? randomIds();
  const at = `${x.date}T10:00:00+09:00`;
  const [comp, pat, org, doc] = Array.from({ length: 4 }, () => ids.urn());
  const items = (Object.keys(x.results) as (keyof typeof CHECKUP_ITEMS)[]).map((k) => {
    const item = CHECKUP_ITEMS[k];
    const obs: Observation = {
      resourceType: "Observation", meta: profile("http://jpfhir.jp/fhir/eCheckup/StructureDefinition/JP_Observation_eCheckupGeneral"), status: "final",
      category: [{ coding: [{ system: CATEGORY, code: k === "hba1c" ? "laboratory" : "body-measurement" }] }],
      code: { coding: [{ system: ITEM_SYSTEM, code: item.code, display: item.display }] }, subject: ref(pat), effectiveDateTime: x.date, performer: [ref(org)],
      valueQuantity: { value: x.results[k]!, unit: item.unit, system: "http://unitsofmeasure.org", code: item.unit },
    };
    return { fullUrl: ids.urn(), resource: obs, line: `${item.display} ${x.results[k]} ${item.unit}` };
  });
  const entries: Entry[] = [
    { fullUrl: comp, resource: jpComposition({
      profile: "http://jpfhir.jp/fhir/eCheckup/StructureDefinition/JP_Composition_eCheckupGeneral", typeCode: "53576-5", typeDisplay: "検診・健診報告書",
      title: "健康診断結果のお知らせ", date: at, subject: pat, authors: [doc, org], custodian: org,
      sections: [{
        title: "健診結果", code: { coding: [{ system: "http://jpfhir.jp/fhir/eCheckup/CodeSystem/section-code", code: "01011", display: "特定健診検査結果セクション" }] },
        text: { status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml"><ul>${items.map((i) => `<li>${i.line}</li>`).join("")}</ul></div>` },
        entry: items.map((i) => ref(i.fullUrl)),
      }],
    }) },
    { fullUrl: pat, resource: jpPatient(x.patient) },
    { fullUrl: org, resource: jpOrganization(x.institution) },
    { fullUrl: doc, resource: jpPractitioner(x.institution.doctor) },
    ...items.map((i) => ({ fullUrl: i.fullUrl, resource: i.resource })),
  ];
  return documentBundle({
    profile: `${JP.clins}JP_Bundle_eCheckupGeneral`, identifier: bundleIdentifier(x.institution.institution, at, ids.local("CHK")), timestamp: at, entries,
  });
}
