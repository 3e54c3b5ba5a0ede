import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { upsertRecord } from "@hub/clinical";
import { clinsAllergy, clinsCondition, clinsLabResult, clinsPrescription, type Recorded } from "../fhir/build/clins-resources.js";
import type { ClinsResource } from "../fhir/build/collection.js";
import { YJ_SYSTEM } from "../fhir/resource-rules.js";
import { mapResource, type RecordCategory } from "../ingest/record-mapping.js";

/** The six kinds of demo records of the demo patients (SPEC §11), as ingestion stores them. */
const A = "1310000001", B = "1310000002", C = "1310000003", E = "1310000005", ER = "1310000009";
const ICD10 = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full";
const JFAGY_FOOD = "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS";
const JFAGY_DRUG = "http://jpfhir.jp/fhir/core/CodeSystem/GCM/JP_JfagyMedicationAllergen_CS";
const DEPARTMENT = { code: "01", display: "内科" };

/** How a demo record is written: its category and the resource's own facts. */
type Seed = [patient: string, cat: RecordCategory, org: string, daysAgo: number, code: string, display: string, extra?: {
  status?: "active" | "resolved"; result?: string; value?: number; unit?: string; criticality?: "low" | "high"; reaction?: string;
  dosage?: string; usage?: string; days?: number; withheld?: boolean; longTerm?: boolean; food?: boolean;
}];

/** JLAC10 result codes of the demo labs: analyte (5) + identification (4) + specimen (3) + method (3) + result (2). */
const jlac10 = (analyte: string) => `${analyte}0000023271${analyte.startsWith("5") ? "02" : "01"}`;

const SEEDS: Seed[] = [
  ["P-0001", "condition", A, 400, "E119", "2型糖尿病", { status: "active", longTerm: true }],
  ["P-0001", "condition", A, 380, "I10", "本態性高血圧症", { status: "active" }],
  ["P-0001", "condition", B, 120, "I214", "急性心内膜下梗塞", { status: "resolved" }],
  ["P-0001", "condition", B, 90, "C187", "S状結腸癌", { status: "active", withheld: true }],
  ["P-0001", "allergy", B, 200, "1P", "ペニシリン系抗生物質", { criticality: "high" }],
  ["P-0001", "allergy", A, 500, "J7F1630001", "そば", { criticality: "low", food: true }],
  ["P-0001", "infection", B, 118, "5E071", "HBs抗原", { result: "negative" }],
  ["P-0001", "infection", B, 118, "5F360", "HCV抗体", { result: "negative" }],
  ["P-0001", "contraindication", B, 115, "1143001", "アスピリン", { criticality: "high", reaction: "アスピリン喘息の既往" }],
  ["P-0001", "lab_emergency", B, 95, "2A990", "ヘモグロビン", { value: 12.1, unit: "g/dL" }],
  ["P-0001", "lab_emergency", B, 95, "3C016", "eGFR", { value: 58, unit: "mL/min/1.73m2" }],
  ["P-0001", "lab_emergency", B, 95, "3H015", "カリウム", { value: 4.4, unit: "mmol/L" }],
  ["P-0001", "lab_lifestyle", A, 30, "3D046", "HbA1c", { value: 7.2, unit: "%" }],
  ["P-0001", "lab_lifestyle", A, 30, "3F077", "LDLコレステロール", { value: 142, unit: "mg/dL" }],
  ["P-0001", "prescription", C, 14, "3962002F1020", "メトホルミン塩酸塩錠250mg", { dosage: "1回2錠 1日2回 朝夕食後", usage: "1022000000000000", days: 28 }],
  ["P-0001", "prescription", C, 14, "2171022F1020", "アムロジピン錠5mg", { dosage: "1回1錠 1日1回 朝食後", usage: "1012000000000000", days: 28 }],
  ["P-0001", "prescription", B, 100, "3399007H1021", "クロピドグレル錠75mg", { dosage: "1回1錠 1日1回 朝食後", usage: "1012000000000000", days: 30 }],
  ["P-0002", "condition", B, 60, "J459", "気管支喘息", { status: "active" }],
  ["P-0002", "condition", E, 20, "M545", "腰痛症", { status: "active" }],
  ["P-0002", "allergy", E, 20, "1P", "セフェム系抗生物質", { criticality: "high" }],
  ["P-0002", "lab_emergency", B, 58, "3C015", "クレアチニン", { value: 0.92, unit: "mg/dL" }],
  ["P-0002", "prescription", B, 58, "2259707G1020", "ブデソニド吸入剤", { dosage: "1回1吸入 1日2回", usage: "2022000000000000", days: 30 }],
  ["P-0003", "condition", E, 45, "E050", "バセドウ病", { status: "active" }],
  ["P-0003", "infection", ER, 10, "5E071", "HBs抗原", { result: "negative" }],
  ["P-0003", "lab_emergency", ER, 10, "2A990", "ヘモグロビン", { value: 13.4, unit: "g/dL" }],
  ["P-0003", "lab_lifestyle", B, 200, "3D046", "HbA1c", { value: 5.4, unit: "%" }],
  ["P-0003", "prescription", E, 45, "2431004F1029", "チアマゾール錠5mg", { dosage: "1回1錠 1日3回", usage: "1032000000000000", days: 14 }],
];

/**
 * A seeded record as the JP-CLINS resource a submission would carry (the documents subgraph's typed builders), so the
 * demo data is what `submitClinicalInformation` would have stored: it passes the same checks.
 */
function resourceOf(id: string, s: Seed, at: Date): ClinsResource {
  const [patient, cat, org, , code, display, x = {}] = s;
  const flags: Recorded["flags"] = [...(x.longTerm ? ["LTS" as const] : []), ...(x.withheld ? ["UNINFORMED" as const] : [])];
  const r: Recorded = { id, institution: org, department: DEPARTMENT, patient: `Patient/${patient}`, identifier: id, flags };
  const day = at.toISOString().slice(0, 10);
  switch (cat) {
    case "condition":
      return clinsCondition({ ...r, code: { system: ICD10, code }, text: display, onset: day, recordedDate: day, clinicalStatus: x.status ?? "active" });
    case "allergy":
    case "contraindication":
      return clinsAllergy({ ...r, code: { system: x.food ? JFAGY_FOOD : JFAGY_DRUG, code }, text: display, category: [x.food ? "food" : "medication"],
        criticality: x.criticality ?? "low", recordedDate: day, reaction: x.reaction });
    case "infection":
    case "lab_emergency":
    case "lab_lifestyle":
      return clinsLabResult({ ...r, localCode: `L${code}`, jlac10: jlac10(code), text: display, effective: at.toISOString(), performer: "検査部",
        value: x.value !== undefined ? { number: x.value, unit: x.unit ?? "1" } : { text: x.result ?? "" } });
    case "prescription":
      return clinsPrescription({ ...r, medication: { system: YJ_SYSTEM, code }, text: display, authoredOn: at.toISOString(), dosageText: x.dosage ?? "",
        usage: { code: x.usage ?? "", display: x.dosage ?? "" }, days: x.days ?? 1 });
  }
}

/** Store the demo records through the clinical service's upsert, as `submitClinicalInformation` would. */
export async function seedClinicalRecords(ds: DataSource): Promise<void> {
  const now = Date.now();
  for (const s of SEEDS) {
    const [patient, category, org, daysAgo] = s;
    const at = new Date(now - daysAgo * 86_400_000);
    // Random, like the ids of ingested records: sequential ids would show the patient where a withheld record sits.
    const id = randomUUID();
    const fhir = resourceOf(id, s, at);
    const m = mapResource(fhir as unknown as Record<string, unknown>)!;
    await upsertRecord({
      ...m, id, patientId: patient, category, sourceOrgId: org, fhir,
      // The demo files two drug allergies of high criticality as allergies (ingestion would file them as contraindications).
      valueText: category === "allergy" ? (s[6]?.criticality ?? null) : m.valueText,
    }, ds);
  }
}
