import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { FhirValidationError } from "@hub/common";
import { createPatient, patientByInsuredId } from "@hub/clinical";
import { bundlePatient, identityIssues } from "../identity/identity.js";

/**
 * The patient by insured-person id (JP_Insurance_memberID, SPEC §7), through the clinical service's patient
 * interface. A known id must describe the same person (本人確認: name or kana, birth date, sex; see identity.ts),
 * else the Bundle is refused with rule `patient-identity-mismatch`; a patient is created only when the insured id
 * is unknown. Runs inside the caller's transaction, so a failed registration creates no patient either.
 */
export async function matchPatient(m: EntityManager, bundle: Record<string, unknown>, insuredId: string): Promise<string> {
  const known = await patientByInsuredId(insuredId, m);
  const p = bundlePatient(bundle);
  if (known) {
    const issues = p ? identityIssues(p, known) : [];
    if (issues.length) throw new FhirValidationError(issues);
    return known.id;
  }
  if (!p?.birthDate) throw new FhirValidationError([{ ruleId: "fhir-required", path: "Patient.birthDate", message: "a new patient needs a birth date", severity: "error" }]);
  const created = await createPatient({ id: `P-${randomUUID().slice(0, 8)}`, name: p.name ?? "(氏名不明)", kana: p.kana, birthDate: p.birthDate, gender: p.gender ?? "unknown", insuredId }, m);
  return created.id;
}
