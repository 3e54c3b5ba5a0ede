import { dataSource, type RetentionConfig } from "@hub/common";
import type { Queryable } from "../patient/patient.store.js";

/**
 * The clinical service's published interface to the six kinds of records (`clinical.records`): ingestion writes,
 * retention purges and secondary use read only through these functions and relations.
 */
export interface RecordUpsert {
  id: string;
  patientId: string;
  category: string;
  sourceOrgId: string;
  identifier: string;
  recordedAt: Date;
  code: string | null;
  codeSystem: string | null;
  display: string | null;
  status: string | null;
  valueText: string | null;
  valueNum: number | null;
  unit: string | null;
  withheld: boolean;
  longTerm: boolean;
  fhir: object;
}

/**
 * Insert or correct one record, keyed by its source institution and identifier: re-sending the same resource
 * changes nothing (null), a corrected one replaces the earlier version. Never moves a record to another patient.
 */
export async function upsertRecord(r: RecordUpsert, q: Queryable): Promise<{ id: string; inserted: boolean } | null> {
  const [row] = (await q.query(
    `INSERT INTO clinical.records AS x (id, patient_id, category, source_org_id, identifier, recorded_at, code, code_system, display, status,
       effective_at, value_text, value_num, unit, withheld, long_term, fhir)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (source_org_id, identifier) DO UPDATE SET category = EXCLUDED.category, recorded_at = EXCLUDED.recorded_at, code = EXCLUDED.code,
       code_system = EXCLUDED.code_system, display = EXCLUDED.display, status = EXCLUDED.status, effective_at = EXCLUDED.effective_at,
       value_text = EXCLUDED.value_text, value_num = EXCLUDED.value_num, unit = EXCLUDED.unit, withheld = EXCLUDED.withheld,
       long_term = EXCLUDED.long_term, fhir = EXCLUDED.fhir
       WHERE x.fhir IS DISTINCT FROM EXCLUDED.fhir AND x.patient_id = EXCLUDED.patient_id
     RETURNING x.id, (xmax = 0) AS inserted`,
    [r.id, r.patientId, r.category, r.sourceOrgId, r.identifier, r.recordedAt.toISOString(), r.code, r.codeSystem, r.display, r.status,
      r.valueText, r.valueNum, r.unit, r.withheld, r.longTerm, JSON.stringify(r.fhir)],
  )) as { id: string; inserted: boolean }[];
  return row ?? null;
}

/** A retention rule of the clinical records: rows past their period (SQL returning id, patient_id, category; $1 = now). */
export interface RecordRetentionRule {
  name: string;
  select: string;
}

const days = (n: number) => `($1::timestamptz - interval '${Math.trunc(n)} days')`;

/**
 * The periods of the 電子カルテ情報共有サービス for the six kinds (SPEC §7): conditions, allergies, infections and
 * contraindications 5 years; labs 1 year but always the latest `labKeepLast` of each test; prescriptions 100 days.
 * Records tagged 長期保存 (LTS) are kept.
 */
export function recordRetentionRules(c: RetentionConfig): RecordRetentionRule[] {
  return [
    { name: "clinical-5y", select: `SELECT id, patient_id, category FROM clinical.records
        WHERE category IN ('condition','allergy','infection','contraindication') AND NOT long_term AND recorded_at < ${days(c.clinicalDays)}` },
    { name: "labs-1y-keep-last", select: `SELECT id, patient_id, category FROM (
        SELECT id, patient_id, category, recorded_at, long_term,
               row_number() OVER (PARTITION BY patient_id, code ORDER BY recorded_at DESC, id DESC) AS n
          FROM clinical.records WHERE category IN ('lab_emergency','lab_lifestyle')) x
        WHERE n > ${Math.trunc(c.labKeepLast)} AND NOT long_term AND recorded_at < ${days(c.labDays)}` },
    { name: "prescriptions-100d", select: `SELECT id, patient_id, category FROM clinical.records
        WHERE category = 'prescription' AND NOT long_term AND recorded_at < ${days(c.prescriptionDays)}` },
  ];
}

/** Delete purged records (the retention job audits them first). */
export async function purgeRecords(ids: string[], q?: Queryable): Promise<void> {
  await (q ?? dataSource("clinical")).query(`DELETE FROM clinical.records WHERE id = ANY($1)`, [ids]);
}

/**
 * The relation other services may read for secondary use: the coded content of each record and where it came
 * from, never the stored FHIR resource or the withheld flag's subject matter beyond the row itself.
 */
export const researchRecordsRelation = (): string =>
  `(SELECT id, patient_id, category, source_org_id, code, code_system, display, status, effective_at, recorded_at, value_text, value_num, unit
      FROM clinical.records)`;

/** What a decision needs of some records of one patient (a consultation checks the requester may read each). */
export interface RecordAttributes { id: string; patientId: string; category: string; sourceOrgId: string; withheld: boolean }

/** The decision attributes of these records of this patient; ids of other patients' or unknown records are left out. */
export async function recordAttributes(patientId: string, ids: readonly string[]): Promise<RecordAttributes[]> {
  if (ids.length === 0) return [];
  const rows = (await dataSource("clinical").query(
    `SELECT id, patient_id, category, source_org_id, withheld FROM clinical.records WHERE patient_id = $1 AND id = ANY($2::text[])`,
    [patientId, [...ids]])) as { id: string; patient_id: string; category: string; source_org_id: string; withheld: boolean }[];
  return rows.map((r) => ({ id: r.id, patientId: r.patient_id, category: r.category, sourceOrgId: r.source_org_id, withheld: r.withheld }));
}
