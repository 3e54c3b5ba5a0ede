import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { FhirValidationError } from "@hub/common";
import { patientFieldsOf } from "../fhir/author.js";

/**
 * The patient by insured-person id (JP_Insurance_memberID, SPEC §7), created from the Bundle's Patient when
 * unknown. Runs inside the caller's transaction, so a failed registration creates no patient either.
 */
export async function matchPatient(m: EntityManager, bundle: Record<string, unknown>, insuredId: string): Promise<string> {
  const [known] = (await m.query(`SELECT id FROM clinical.patients WHERE insurance_member_id = $1`, [insuredId])) as { id: string }[];
  if (known) return known.id;
  const p = patientFieldsOf(bundle);
  if (!p.birthDate) throw new FhirValidationError([{ ruleId: "fhir-required", path: "Patient.birthDate", message: "a new patient needs a birth date", severity: "error" }]);
  const id = `P-${randomUUID().slice(0, 8)}`;
  await m.query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (insurance_member_id) DO NOTHING`, [id, p.name ?? "(氏名不明)", p.kana, p.birthDate, p.gender ?? "unknown", insuredId]);
  const [row] = (await m.query(`SELECT id FROM clinical.patients WHERE insurance_member_id = $1`, [insuredId])) as { id: string }[];
  return row.id;
}
