import type { DataSource } from "typeorm";
import { PatientEntity } from "../patient/patient.entity.js";
import { ClinicalRecordEntity, type RecordCategory } from "../records/record.entity.js";

/** Synthetic demo patients (SPEC §11). Names and numbers are invented. */
export const DEMO_PATIENTS: Omit<PatientEntity, "createdAt">[] = [
  { id: "P-0001", name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", gender: "female", insuranceMemberId: "06139992:ひ-12:3456:01", prefecture: "13" },
  { id: "P-0002", name: "佐藤 健一", kana: "サトウ ケンイチ", birthDate: "1971-09-30", gender: "male", insuranceMemberId: "06139992:さ-07:1188:00", prefecture: "13" },
  { id: "P-0003", name: "鈴木 美咲", kana: "スズキ ミサキ", birthDate: "1985-01-22", gender: "female", insuranceMemberId: "01130012:す-3:2045:02", prefecture: "13" },
];

const A = "1310000001", B = "1310000002", C = "1310000003", E = "1310000005", ER = "1310000009";
const ICD10 = "http://jpfhir.jp/fhir/core/CodeSystem/JP_ICD10";
const JLAC10 = "urn:oid:1.2.392.200119.4.504";
const YJ = "urn:oid:1.2.392.100495.20.2.74";
const JFAGY = "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS";

type Seed = [patient: string, cat: RecordCategory, org: string, daysAgo: number, code: string, system: string, display: string,
  extra?: { status?: string; valueText?: string; valueNum?: number; unit?: string; withheld?: boolean; longTerm?: boolean }];

const SEEDS: Seed[] = [
  ["P-0001", "condition", A, 400, "E11", ICD10, "2型糖尿病", { status: "active", longTerm: true }],
  ["P-0001", "condition", A, 380, "I10", ICD10, "本態性高血圧症", { status: "active" }],
  ["P-0001", "condition", B, 120, "I21.4", ICD10, "急性心内膜下梗塞", { status: "resolved" }],
  ["P-0001", "condition", B, 90, "C18.7", ICD10, "S状結腸癌", { status: "active", withheld: true }],
  ["P-0001", "allergy", B, 200, "1P", YJ, "ペニシリン系抗生物質", { status: "active", valueText: "high" }],
  ["P-0001", "allergy", A, 500, "J7F1630001", JFAGY, "そば", { status: "active", valueText: "low" }],
  ["P-0001", "infection", B, 118, "5E071", JLAC10, "HBs抗原", { valueText: "negative" }],
  ["P-0001", "infection", B, 118, "5F360", JLAC10, "HCV抗体", { valueText: "negative" }],
  ["P-0001", "contraindication", B, 115, "1143001", YJ, "アスピリン", { valueText: "アスピリン喘息の既往" }],
  ["P-0001", "lab_emergency", B, 95, "2A990", JLAC10, "ヘモグロビン", { valueNum: 12.1, unit: "g/dL" }],
  ["P-0001", "lab_emergency", B, 95, "3C016", JLAC10, "eGFR", { valueNum: 58, unit: "mL/min/1.73m2" }],
  ["P-0001", "lab_emergency", B, 95, "3H015", JLAC10, "カリウム", { valueNum: 4.4, unit: "mmol/L" }],
  ["P-0001", "lab_lifestyle", A, 30, "3D046", JLAC10, "HbA1c", { valueNum: 7.2, unit: "%" }],
  ["P-0001", "lab_lifestyle", A, 30, "3F077", JLAC10, "LDLコレステロール", { valueNum: 142, unit: "mg/dL" }],
  ["P-0001", "prescription", C, 14, "3962002F1020", YJ, "メトホルミン塩酸塩錠250mg", { valueText: "1回2錠 1日2回 朝夕食後", valueNum: 28 }],
  ["P-0001", "prescription", C, 14, "2171022F1020", YJ, "アムロジピン錠5mg", { valueText: "1回1錠 1日1回 朝食後", valueNum: 28 }],
  ["P-0001", "prescription", B, 100, "3399007H1021", YJ, "クロピドグレル錠75mg", { valueText: "1回1錠 1日1回 朝食後", valueNum: 30 }],
  ["P-0002", "condition", B, 60, "J45.9", ICD10, "気管支喘息", { status: "active" }],
  ["P-0002", "condition", E, 20, "M54.5", ICD10, "腰痛症", { status: "active" }],
  ["P-0002", "allergy", E, 20, "1P", YJ, "セフェム系抗生物質", { status: "active", valueText: "high" }],
  ["P-0002", "lab_emergency", B, 58, "3C015", JLAC10, "クレアチニン", { valueNum: 0.92, unit: "mg/dL" }],
  ["P-0002", "prescription", B, 58, "2259707G1020", YJ, "ブデソニド吸入剤", { valueText: "1回1吸入 1日2回", valueNum: 30 }],
  ["P-0003", "condition", E, 45, "E05.0", ICD10, "バセドウ病", { status: "active" }],
  ["P-0003", "infection", ER, 10, "5E071", JLAC10, "HBs抗原", { valueText: "negative" }],
  ["P-0003", "lab_emergency", ER, 10, "2A990", JLAC10, "ヘモグロビン", { valueNum: 13.4, unit: "g/dL" }],
  ["P-0003", "lab_lifestyle", B, 200, "3D046", JLAC10, "HbA1c", { valueNum: 5.4, unit: "%" }],
  ["P-0003", "prescription", E, 45, "2431004F1029", YJ, "チアマゾール錠5mg", { valueText: "1回1錠 1日3回", valueNum: 14 }],
];

const FHIR_TYPE: Record<RecordCategory, string> = {
  condition: "Condition", allergy: "AllergyIntolerance", infection: "Observation", contraindication: "AllergyIntolerance",
  lab_emergency: "Observation", lab_lifestyle: "Observation", prescription: "MedicationRequest",
};

/** A small FHIR resource for a seeded record, shaped after the JP-CLINS profiles. */
function fhirOf(id: string, s: Seed, at: Date): Record<string, unknown> {
  const [patient, cat, org, , code, system, display, x] = s;
  const coding = { coding: [{ system, code, display }], text: display };
  return {
    resourceType: FHIR_TYPE[cat],
    id,
    extension: [{ url: "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_eCS_InstitutionNumber", valueIdentifier: { value: org } }],
    subject: { reference: `Patient/${patient}` },
    ...(cat === "prescription" ? { medicationCodeableConcept: coding, authoredOn: at.toISOString() } : { code: coding }),
    ...(x?.valueNum !== undefined && cat.startsWith("lab") ? { valueQuantity: { value: x.valueNum, unit: x.unit } } : {}),
    ...(x?.valueText && cat === "infection" ? { valueString: x.valueText } : {}),
  };
}

export async function seedClinical(ds: DataSource): Promise<void> {
  await ds.getRepository(PatientEntity).insert(DEMO_PATIENTS);
  const now = Date.now();
  const rows = SEEDS.map((s, i) => {
    const [patient, category, org, daysAgo, code, system, display, x] = s;
    const at = new Date(now - daysAgo * 86_400_000);
    const id = `${patient}-${category}-${String(i + 1).padStart(3, "0")}`;
    return {
      id, patientId: patient, category, sourceOrgId: org, identifier: id, recordedAt: at, code, codeSystem: system, display,
      status: x?.status ?? null, effectiveAt: at, valueText: x?.valueText ?? null, valueNum: x?.valueNum ?? null, unit: x?.unit ?? null,
      withheld: x?.withheld ?? false, longTerm: x?.longTerm ?? false, fhir: fhirOf(id, s, at),
    };
  });
  await ds.getRepository(ClinicalRecordEntity).insert(rows);
}
