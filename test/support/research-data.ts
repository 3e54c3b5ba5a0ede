import type { Client } from "pg";

/**
 * A crafted population for the secondary-use tests, inserted straight into the clinical tables (the demo data has
 * three patients, too few for k = 5). Ids start with SU-; names, kana and insured ids are distinctive so that a
 * test can scan the released files for them.
 */
export const TOKYO_DIABETICS = 44;
export const RARE_CODE = "Z99.8";
export const OPTED_OUT = "SU-0002";
/** Tokyo diabetic without a recorded prefecture: placed in Tokyo by the institution of their latest record. */
export const NO_PREFECTURE = "SU-0001";
/** An 88-year-old diabetic man in Okinawa: unique at every generalisation level, so always suppressed. */
export const OUTLIER = "SU-0064";

interface P { id: string; birth: string; sex: string; pref: string | null; diabetic: boolean; rare?: boolean }

function population(): P[] {
  const out: P[] = [];
  const id = () => `SU-${String(out.length + 1).padStart(4, "0")}`;
  for (let i = 0; i < TOKYO_DIABETICS; i++) {
    const age = 40 + ((i * 7) % 30); // 40..69 at the end of 2025
    out.push({ id: id(), birth: `${2025 - age}-0${1 + (i % 9)}-15`, sex: i % 2 ? "male" : "female", pref: i === 0 ? null : "13", diabetic: true, rare: i < 10 });
  }
  for (let i = 0; i < 6; i++) out.push({ id: id(), birth: "1970-05-05", sex: "female", pref: "27", diabetic: true });
  for (let i = 0; i < 5; i++) out.push({ id: id(), birth: "1992-05-05", sex: "male", pref: "13", diabetic: true });
  for (let i = 0; i < 8; i++) out.push({ id: id(), birth: "1965-05-05", sex: "male", pref: "13", diabetic: false });
  out.push({ id: id(), birth: "1937-03-03", sex: "male", pref: "47", diabetic: true });
  return out;
}

const ICD10 = "http://jpfhir.jp/fhir/core/CodeSystem/JP_ICD10";
const JLAC10 = "urn:oid:1.2.392.200119.4.504";
const YJ = "urn:oid:1.2.392.100495.20.2.74";

export const nameOf = (pid: string) => `試験 患者${pid.slice(3)}`;
export const insuredOf = (pid: string) => `99990000:試-${pid.slice(3)}:${pid.slice(3)}:00`;

/** Insert once per hub (several test files use it). */
export async function insertResearchPopulation(c: Client): Promise<P[]> {
  const people = population();
  if ((await c.query(`SELECT 1 FROM clinical.patients WHERE id = $1`, [people[0].id])).rowCount) return people;
  for (const p of people) {
    await c.query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id, prefecture) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [p.id, nameOf(p.id), "シケン カンジャ", p.birth, p.sex, insuredOf(p.id), p.pref]);
    const recs: [string, string, string, string, number | null, string | null][] = [
      ["lab_lifestyle", "3D046", JLAC10, "2024-03-10", 7.1, "%"],
      ["lab_lifestyle", "3D046", JLAC10, "2025-02-20", 6.8, "%"],
      ["lab_lifestyle", "3D046", JLAC10, "2023-05-01", 7.5, "%"], // outside the period
      ["lab_lifestyle", "3F077", JLAC10, "2024-03-10", 140, "mg/dL"], // LDL: not requested
      ["prescription", "3962002F1020", YJ, "2024-06-01", 28, null],
    ];
    if (p.diabetic) recs.push(["condition", "E11.9", ICD10, "2023-01-15", null, null]);
    if (p.rare) recs.push(["condition", RARE_CODE, ICD10, "2023-02-01", null, null]);
    for (const [n, [cat, code, system, day, num, unit]] of recs.entries()) {
      const rid = `${p.id}-R${n}`;
      // valid FHIR, with identifying text the extraction must never copy (it builds its output from a whitelist)
      const fhir = { resourceType: "Observation", id: rid, status: "final", code: { text: `表示 ${code}` }, identifier: [{ value: p.id }],
        text: { status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml">${nameOf(p.id)} 自由記載メモ</div>` }, note: [{ text: `家族歴 ${nameOf(p.id)}` }] };
      await c.query(`INSERT INTO clinical.records (id, patient_id, category, source_org_id, identifier, recorded_at, code, code_system, display,
          status, effective_at, value_text, value_num, unit, fhir) VALUES ($1,$2,$3,$4,$1,$5,$6,$7,$8,$9,$5,$10,$11,$12,$13)`,
      [rid, p.id, cat, "1310000001", `${day}T09:00:00Z`, code, system, `表示 ${code}`, cat === "condition" ? "active" : null,
        cat === "prescription" ? `1回1錠 ${nameOf(p.id)}様` : null, num, unit, JSON.stringify(fhir)]);
    }
  }
  return people;
}
