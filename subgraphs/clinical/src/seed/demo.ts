import type { DataSource } from "typeorm";
import { PatientEntity } from "../patient/patient.entity.js";

/** Synthetic demo patients (SPEC §11). Names and numbers are invented. */
export const DEMO_PATIENTS: Omit<PatientEntity, "createdAt">[] = [
  { id: "P-0001", name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", gender: "female", insuranceMemberId: "06139992:ひ-12:3456:01", prefecture: "13" },
  { id: "P-0002", name: "佐藤 健一", kana: "サトウ ケンイチ", birthDate: "1971-09-30", gender: "male", insuranceMemberId: "06139992:さ-07:1188:00", prefecture: "13" },
  { id: "P-0003", name: "鈴木 美咲", kana: "スズキ ミサキ", birthDate: "1985-01-22", gender: "female", insuranceMemberId: "01130012:す-3:2045:02", prefecture: "13" },
];

/**
 * The demo patients. Their six kinds of records arrive the way real ones do, through ingestion: the documents
 * subgraph's seed builds them as JP-CLINS resources and stores them through `upsertRecord`.
 */
export async function seedClinical(ds: DataSource): Promise<void> {
  await ds.getRepository(PatientEntity).insert(DEMO_PATIENTS);
}
