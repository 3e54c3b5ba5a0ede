import { dataSource } from "@hub/common";
import type { PatientIdentity } from "./patient.store.js";

/**
 * The clinical service's published patient search for emergency identification (findPatientForEmergency in the
 * consent subgraph): by name or kana, with a birth date or a range of birth years, and sex. Returns at most `limit`
 * identities (id, name, kana, birth date, sex) and nothing else of `clinical.patients`. Names and kana are compared
 * without spaces (half- and full-width), kana in katakana, so 「ほうじょう はなこ」 finds ホウジョウ ハナコ.
 */
export interface EmergencySearch {
  name?: string | null;
  kana?: string | null;
  birthDate?: string | null;
  birthYearFrom?: number | null;
  birthYearTo?: number | null;
  gender: string;
}

const SPACES = /[\s\u3000]+/g;
/** The form names are compared in: NFKC (half-width kana become full-width), no spaces, hiragana as katakana. */
export function normaliseName(s: string): string {
  return s.normalize("NFKC").replace(SPACES, "").replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

const STRIP = (col: string) => `regexp_replace(${col}, '[[:space:]\u3000]', '', 'g')`;

export async function findPatientsForEmergency(s: EmergencySearch, limit: number): Promise<PatientIdentity[]> {
  const params: unknown[] = [s.gender];
  const where = ["gender = $1"];
  if (s.name) { params.push(normaliseName(s.name)); where.push(`${STRIP("name")} = $${params.length}`); }
  if (s.kana) { params.push(normaliseName(s.kana)); where.push(`${STRIP("coalesce(kana, '')")} = $${params.length}`); }
  if (s.birthDate) { params.push(s.birthDate); where.push(`birth_date = $${params.length}::date`); }
  if (s.birthYearFrom != null) { params.push(`${s.birthYearFrom}-01-01`); where.push(`birth_date >= $${params.length}::date`); }
  if (s.birthYearTo != null) { params.push(`${s.birthYearTo + 1}-01-01`); where.push(`birth_date < $${params.length}::date`); }
  params.push(limit);
  return (await dataSource("clinical").query(
    `SELECT id, name, kana, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", gender FROM clinical.patients
      WHERE ${where.join(" AND ")} ORDER BY birth_date, id LIMIT $${params.length}`, params)) as PatientIdentity[];
}
