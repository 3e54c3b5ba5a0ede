import { join } from "node:path";
import type { Bundle } from "@medplum/fhirtypes";
import { buildCheckupReport } from "./checkup.js";
import { clinsAllergy, clinsCondition, clinsLabResult, clinsPrescription } from "./clins-resources.js";
import { buildClinsCollection } from "./collection.js";
import { TINY_PNG, buildDischargeSummary } from "./discharge-summary.js";
import { seededIds } from "./ids.js";
import type { PatientInput } from "./jp.js";
import { buildPatientSummary } from "./patient-summary.js";
import { buildReferral } from "./referral.js";
import { YJ_SYSTEM } from "../resource-rules.js";

/**
 * The project's own JP-CLINS examples, one of every document kind and one JP_Bundle_CLINS collection Bundle per
 * resource type of the six kinds of clinical information, built by the project's builders with reproducible ids.
 * `npm run examples` writes them to subgraphs/documents/examples/; a unit test fails when the files are stale. All
 * people, numbers and findings are invented. Tests use these, so they run without the IG's examples.
 */
export const EXAMPLE_INSTITUTIONS = {
  clinic: { institution: "1310000001", name: "あおばクリニック", prefecture: "13", doctor: "青葉 一郎" },
  hospital: { institution: "1310000002", name: "みなと総合病院", prefecture: "13", doctor: "港 花子" },
  centre: { institution: "1310000005", name: "E医療センター", prefecture: "13", doctor: "江藤 誠" },
};
export const EXAMPLE_PATIENT: Omit<PatientInput, "institution"> = {
  localId: "0001234", insuredId: "06139992:み-1:2001:01", name: "見本 花子", kana: "ミホン ハナコ", birthDate: "1962-05-20", gender: "female",
};
const ICD10 = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full";
const JFAGY_FOOD = "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS";
const JFAGY_DRUG = "http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS";
const INTERNAL = { code: "01", display: "内科" };

function clins(tag: "Condition" | "AllergyIntolerance" | "Observation" | "MedicationRequest", seed: string): Bundle {
  const { hospital } = EXAMPLE_INSTITUTIONS;
  const at = { institution: hospital.institution, department: INTERNAL };
  return buildClinsCollection({
    institution: hospital.institution, timestamp: "2025-06-02T10:00:00+09:00", tag, ids: seededIds(seed),
    patient: { ...EXAMPLE_PATIENT, institution: hospital.institution },
    resources: (patient) => {
      switch (tag) {
        case "Condition": return [
          clinsCondition({ ...at, patient, identifier: "EX-C-1", code: { system: ICD10, code: "E119" }, text: "2型糖尿病", onset: "2019-04-01", clinicalStatus: "active", flags: ["LTS"] }),
          clinsCondition({ ...at, patient, identifier: "EX-C-2", code: { system: ICD10, code: "I10" }, text: "本態性高血圧症", onset: "2021-09-15", clinicalStatus: "active" }),
        ];
        case "AllergyIntolerance": return [
          clinsAllergy({ ...at, patient, identifier: "EX-A-1", code: { system: JFAGY_FOOD, code: "J7F1630001" }, text: "そば", category: ["food"], criticality: "low", recordedDate: "2020-01-10" }),
          clinsAllergy({ ...at, patient, identifier: "EX-A-2", code: { system: JFAGY_DRUG, code: "GCM6131001" }, text: "ペニシリン系抗菌薬", category: ["medication"], criticality: "high", recordedDate: "2022-03-03", reaction: "全身蕁麻疹" }),
        ];
        // Dated after the research tests' period (2024–2025), so the example patient never joins their cohorts.
        case "Observation": return [
          clinsLabResult({ ...at, patient, identifier: "EX-L-1", localCode: "L0046", jlac10: "3D046000001920402", text: "HbA1c", effective: "2026-05-30T09:10:00+09:00", value: { number: 7.1, unit: "%" }, performer: "検査 太郎" }),
          clinsLabResult({ ...at, patient, identifier: "EX-L-2", localCode: "L0015", jlac10: "3C015000002327101", text: "クレアチニン", effective: "2026-05-30T09:10:00+09:00", value: { number: 0.82, unit: "mg/dL" }, performer: "検査 太郎" }),
          clinsLabResult({ ...at, patient, identifier: "EX-L-3", localCode: "L5071", jlac10: "5E071145002327102", text: "HBs抗原", effective: "2026-05-30T09:10:00+09:00", value: { text: "陰性" }, performer: "検査 太郎", flags: ["LTS"] }),
        ];
        case "MedicationRequest": return [
          clinsPrescription({ ...at, patient, identifier: "EX-M-1", medication: { system: YJ_SYSTEM, code: "3962002F1020" }, text: "メトホルミン塩酸塩錠250mg",
            authoredOn: "2025-06-02T10:00:00+09:00", dosageText: "1回2錠 1日2回 朝夕食後", usage: { code: "1022000000000000", display: "内服・経口・１日２回朝夕食後" }, days: 28 }),
        ];
      }
    },
  });
}

export function exampleBundles(): Record<string, Bundle> {
  const { clinic, hospital, centre } = EXAMPLE_INSTITUTIONS;
  return {
    "referral-57133-1": buildReferral({
      ids: seededIds("referral"), from: clinic, to: { ...hospital, doctor: "循環器 担当医" }, patient: { ...EXAMPLE_PATIENT, institution: clinic.institution },
      date: "2025-06-02", purpose: "労作時胸痛の精査をお願いいたします。", presentIllness: "1か月前より階段昇降時に前胸部圧迫感。",
      diagnoses: [{ text: "労作性狭心症疑い", onset: "2025-05-01" }, { text: "2型糖尿病", onset: "2019-04-01", code: { system: ICD10, code: "E119" } }],
      allergies: [{ text: "ペニシリン系抗菌薬", code: { system: JFAGY_DRUG, code: "GCM6131001" }, category: ["medication"], criticality: "high" }],
      attachments: [{ contentType: "image/png", data: TINY_PNG, title: "心電図 キー画像" }],
    }),
    "discharge-summary-18842-5": buildDischargeSummary({
      ids: seededIds("discharge"), institution: hospital.institution, institutionName: hospital.name, insuredId: EXAMPLE_PATIENT.insuredId,
      patientName: EXAMPLE_PATIENT.name, patientKana: EXAMPLE_PATIENT.kana, birthDate: EXAMPLE_PATIENT.birthDate, gender: "female", doctor: hospital.doctor,
      admittedOn: "2025-06-10", dischargedOn: "2025-06-18", diagnosisOnAdmission: "不安定狭心症", dischargeDiagnosis: "労作性狭心症 (PCI後)",
      hospitalCourse: "冠動脈造影で左前下行枝に狭窄を認めPCIを施行。経過良好にて退院。",
      attachments: [{ contentType: "image/png", data: TINY_PNG, title: "冠動脈造影 キー画像" }],
    }),
    "checkup-report-53576-5": buildCheckupReport({
      ids: seededIds("checkup"), institution: centre, patient: { ...EXAMPLE_PATIENT, institution: centre.institution }, date: "2025-04-20",
      results: { height: 156.2, weight: 58.4, bmi: 23.9, waist: 82.0, systolic: 132, diastolic: 84, hba1c: 6.9 },
    }),
    "patient-summary-56447-6": buildPatientSummary({
      ids: seededIds("pcs"), institution: clinic, patient: { ...EXAMPLE_PATIENT, institution: clinic.institution }, date: "2025-07-01",
      conditions: [{ text: "2型糖尿病", onset: "2019-04-01" }, { text: "本態性高血圧症", onset: "2021-09-15" }],
      plan: "内服を継続し、食事療法と1日30分の歩行を続けてください。",
    }),
    "clins-condition": clins("Condition", "clins-condition"),
    "clins-allergy": clins("AllergyIntolerance", "clins-allergy"),
    "clins-lab": clins("Observation", "clins-lab"),
    "clins-prescription": clins("MedicationRequest", "clins-prescription"),
  };
}

/** Where the examples are committed: subgraphs/documents/examples/<name>.json. */
export const EXAMPLES_DIR = join(__dirname, "..", "..", "..", "examples");

/** The committed file text of an example (what `npm run examples` writes). */
export const exampleText = (b: Bundle) => `${JSON.stringify(b, null, 2)}\n`;
