import { dataSource } from "@hub/common";

/**
 * The clinical service's published interface to patients (`clinical.patients`): other services find, check and
 * create patients only through these functions, never by naming the table.
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface PatientIdentity {
  id: string;
  name: string;
  kana: string | null;
  birthDate: string;
  gender: string;
}

const db = (q?: Queryable): Queryable => q ?? dataSource("clinical");
const IDENTITY = `id, name, kana, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", gender`;

export async function patientExists(id: string, q?: Queryable): Promise<boolean> {
  return ((await db(q).query(`SELECT 1 FROM clinical.patients WHERE id = $1`, [id])) as unknown[]).length > 0;
}

/** The patient holding this insured-person id (JP_Insurance_memberID 保険者番号:記号:番号:枝番), or null. */
export async function patientByInsuredId(insuredId: string, q?: Queryable): Promise<PatientIdentity | null> {
  const [row] = (await db(q).query(`SELECT ${IDENTITY} FROM clinical.patients WHERE insurance_member_id = $1`, [insuredId])) as PatientIdentity[];
  return row ?? null;
}

/**
 * Register a patient first seen with this insured-person id; when another request registered the same id
 * meanwhile, that patient is returned. Runs in the caller's transaction when given one.
 */
export async function createPatient(p: { id: string; name: string; kana: string | null; birthDate: string; gender: string; insuredId: string }, q?: Queryable): Promise<PatientIdentity> {
  await db(q).query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (insurance_member_id) DO NOTHING`, [p.id, p.name, p.kana, p.birthDate, p.gender, p.insuredId]);
  return (await patientByInsuredId(p.insuredId, q))!;
}

/**
 * The relation other services may read for secondary use: no names, kana or insured ids, only what a
 * de-identified dataset may be built from (the owner decides what leaves).
 */
export const researchPatientsRelation = (): string =>
  `(SELECT id, gender, birth_date, prefecture FROM clinical.patients)`;
