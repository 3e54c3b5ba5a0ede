import pg from "pg";

/** Synthetic load data: many ordinary patients and one heavy patient, with consents and seals at realistic rates. */
export interface GenerateOptions {
  patients: number;
  heavyRecords: number;
  consentRate: number;
  sealRate: number;
}

export interface Generated {
  consented: string[];
  heavy: string;
  records: number;
}

const CATEGORIES = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"];
const ORGS = ["1310000001", "1310000002", "1310000003", "1310000005", "1310000009", "2710000009", "1319876543", "1311234567", "1318814790", "1310000010"];
const DOCTOR_ORG = "1310000002";

/** Deterministic pseudo-random numbers, so every run generates the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Multi-row INSERT in chunks of 500 rows (one round trip per chunk). */
export async function insert(db: pg.Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(",")})`);
    await db.query(`INSERT INTO ${table} (${columns.join(",")}) VALUES ${tuples.join(",")}`, params);
  }
}

export async function generate(url: string, o: GenerateOptions): Promise<Generated> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const rand = rng(42);
  const now = Date.now();
  try {
    await db.query(`INSERT INTO consent.organizations (id, name, kind, prefecture) VALUES ('1310000010', 'ベンチ第十病院', 'hospital', '13') ON CONFLICT DO NOTHING`);
    const ids = Array.from({ length: o.patients }, (_, i) => `B-${String(i + 1).padStart(5, "0")}`);
    const heavy = "B-HEAVY";
    await insert(db, "clinical.patients", ["id", "name", "kana", "birth_date", "gender", "prefecture"],
      [...ids, heavy].map((id, i) => [id, `試験 ${id}`, `シケン ${i}`, `19${40 + (i % 60)}-0${1 + (i % 9)}-1${i % 9}`, i % 2 ? "male" : "female", "13"]));
    const records: unknown[][] = [];
    const rec = (patient: string, category: string, org: string, n: number) => {
      const at = new Date(now - Math.floor(rand() * 700) * 86_400_000 - n * 1000);
      const id = `${patient}-${category}-${n}`;
      records.push([id, patient, category, org, id, at.toISOString(), `C${n % 97}`, "urn:bench", `${category} ${n}`, "active", at.toISOString(),
        category.startsWith("lab") ? null : "text", category.startsWith("lab") ? Math.round(rand() * 1000) / 10 : null, "unit",
        rand() < 0.02, false, JSON.stringify({ resourceType: "Basic", id })]);
    };
    for (const id of ids) {
      const perCategory = [2, 1, 1, 1, 2, 1, 2];
      CATEGORIES.forEach((c, ci) => { for (let k = 0; k < perCategory[ci]; k++) rec(id, c, ORGS[Math.floor(rand() * 4)], ci * 10 + k); });
    }
    for (let n = 0; n < o.heavyRecords; n++) rec(heavy, CATEGORIES[n % CATEGORIES.length], ORGS[n % ORGS.length], n);
    await insert(db, "clinical.records", ["id", "patient_id", "category", "source_org_id", "identifier", "recorded_at", "code", "code_system", "display",
      "status", "effective_at", "value_text", "value_num", "unit", "withheld", "long_term", "fhir"], records);
    const consented = ids.filter(() => rand() < o.consentRate);
    await insert(db, "consent.consents", ["id", "patient_id", "organization_id", "purpose", "status"],
      [...consented, heavy].map((p) => [`BC-${p}`, p, DOCTOR_ORG, "TREAT", "ACTIVE"]));
    const sealed = ids.filter(() => rand() < o.sealRate);
    await insert(db, "consent.seals", ["id", "patient_id", "level", "source_organization_id", "active"],
      sealed.map((p, i) => [`BS-${p}`, p, i % 3 === 0 ? "RESTRICTED" : "SEALED", ORGS[i % 4], true]));
    await insert(db, "documents.documents", ["id", "patient_id", "type", "category", "source_org_id", "status", "issued_at", "withheld", "bundle", "title"],
      ids.map((p, i) => [`BD-${p}`, p, "DISCHARGE_SUMMARY", "document_discharge", ORGS[i % 4], "AVAILABLE", new Date(now - i * 60_000).toISOString(), false, JSON.stringify({ resourceType: "Bundle" }), "退院時サマリー"]));
    await insert(db, "eligibility.qualifications", ["id", "patient_id", "organization_id", "insurer_number", "symbol", "number", "status", "copay_ratio", "confirmed_at"],
      ids.map((p) => [`BQ-${p}`, p, DOCTOR_ORG, "06139992", "記号", p.slice(2), "VALID", 30, new Date(now - 86_400_000).toISOString()]));
    await insert(db, "phr.vitals", ["id", "patient_id", "kind", "value", "unit", "measured_at"],
      ids.flatMap((p) => [0, 1, 2].map((k) => [`BV-${p}-${k}`, p, "weight", 60 + k, "kg", new Date(now - k * 86_400_000).toISOString()])));
    return { consented, heavy, records: records.length };
  } finally {
    await db.end();
  }
}
