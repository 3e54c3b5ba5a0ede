import pg from "pg";
import { insert } from "./generate.js";

/**
 * Patients for the scaling checks: the same 150 records under 1, 10 and 100 record-level seals (PDP evaluations per
 * request must not grow with seals), and 10 and 5,000 records (SQL round trips per request must not grow with
 * records). All consented to hospital B, whose doctor reads them.
 */
export const SEAL_PATIENTS = { 1: "B-SEAL-1", 10: "B-SEAL-10", 100: "B-SEAL-100" } as const;
export const RECORD_PATIENTS = { 10: "B-R10", 5000: "B-R5000" } as const;
const ORGS = ["1310000001", "1310000002", "1310000003", "1310000005", "1310000009", "2710000009"];
const CATEGORIES = ["condition", "allergy", "lab_emergency", "prescription"];

export async function generateScaling(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const now = Date.now();
  try {
    const patients: [string, number][] = [...Object.values(SEAL_PATIENTS).map((p) => [p, 150] as [string, number]), [RECORD_PATIENTS[10], 10], [RECORD_PATIENTS[5000], 5000]];
    await insert(db, "clinical.patients", ["id", "name", "kana", "birth_date", "gender", "prefecture"],
      patients.map(([id], i) => [id, `規模 ${id}`, `キボ ${i}`, "1960-01-01", "female", "13"]));
    const records: unknown[][] = [];
    for (const [p, n] of patients) {
      for (let k = 0; k < n; k++) {
        const category = CATEGORIES[k % CATEGORIES.length];
        const at = new Date(now - k * 3_600_000).toISOString();
        const id = `${p}-${k}`;
        records.push([id, p, category, ORGS[k % ORGS.length], id, at, `C${k % 97}`, "urn:bench", `${category} ${k}`, "active", at,
          category.startsWith("lab") ? null : "text", category.startsWith("lab") ? k % 100 : null, "unit", false, false, JSON.stringify({ resourceType: "Basic", id })]);
      }
    }
    await insert(db, "clinical.records", ["id", "patient_id", "category", "source_org_id", "identifier", "recorded_at", "code", "code_system", "display",
      "status", "effective_at", "value_text", "value_num", "unit", "withheld", "long_term", "fhir"], records);
    await insert(db, "consent.consents", ["id", "patient_id", "organization_id", "purpose", "status"], patients.map(([p]) => [`BC-${p}`, p, "1310000002", "TREAT", "ACTIVE"]));
    const seals: unknown[][] = [];
    for (const [n, p] of Object.entries(SEAL_PATIENTS)) {
      for (let k = 0; k < Number(n); k++) seals.push([`BS-${p}-${k}`, p, "SEALED", `{${p}-${k + 20}}`, true]);
    }
    await insert(db, "consent.seals", ["id", "patient_id", "level", "record_ids", "active"], seals);
  } finally {
    await db.end();
  }
}
