import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { FhirValidationError } from "@hub/common";
import { createPatient, patientByInsuredId } from "@hub/clinical";
import { patientFieldsOf } from "../fhir/author.js";

/**
 * The patient by insured-person id (JP_Insurance_memberID, SPEC §7), created from the Bundle's Patient when
 * unknown, through the clinical service's patient interface. Runs inside the caller's transaction, so a failed
 * registration creates no patient either.
 */
export async function matchPatient(m: EntityManager, bundle: Record<string, unknown>, insuredId: string): Promise<string> {
  const known = await patientByInsuredId(insuredId, m);
  if (known) return known.id;
  const p = patientFieldsOf(bundle);
  if (!p.birthDate) throw new FhirValidationError([{ ruleId: "fhir-required", path: "Patient.birthDate", message: "a new patient needs a birth date", severity: "error" }]);
  const created = await createPatient({ id: `P-${randomUUID().slice(0, 8)}`, name: p.name ?? "(氏名不明)", kana: p.kana, birthDate: p.birthDate, gender: p.gender ?? "unknown", insuredId }, m);
  return created.id;
}
