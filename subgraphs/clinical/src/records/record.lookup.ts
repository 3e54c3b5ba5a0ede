import { In } from "typeorm";
import { createUnionType } from "type-graphql";
import { byIds, dataSource, requestLoader } from "@hub/common";
import { absentRecord, maskPatientReferences, noteLinkedPatient, policyRuntime } from "@hub/policies";
import { ClinicalRecordEntity, type RecordCategory } from "./record.entity.js";
import type { RecordView } from "./record-base.type.js";
import { toView } from "./record.query.js";
import { Allergy, Condition, Contraindication, Infection, LabResult, Prescription } from "./record.type.js";

const TYPE_OF: Record<RecordCategory, string> = {
  condition: "Condition", allergy: "Allergy", infection: "Infection", contraindication: "Contraindication",
  lab_emergency: "LabResult", lab_lifestyle: "LabResult", prescription: "Prescription",
};

export const ClinicalRecordUnion = createUnionType({
  name: "ClinicalRecord",
  description: "Any of the six kinds of clinical information",
  types: () => [Condition, Allergy, Infection, Contraindication, LabResult, Prescription] as const,
  resolveType: (v: RecordView) => TYPE_OF[v.category as RecordCategory],
});

const records = requestLoader<string, RecordView>("clinical.records", byIds(async (ids) =>
  (await dataSource("clinical").getRepository(ClinicalRecordEntity).findBy({ id: In(ids) })).map(toView)));

/** A record by id, batched per request; null when it does not exist. */
export function loadRecord(id: string): Promise<RecordView | null> {
  return records.get().load(id);
}

/**
 * A record by id if the caller may read it, else null. Every denial (sealed, withheld, no consent) looks exactly
 * like a record that does not exist, and an unknown id is decided and audited like a hidden record, so neither the
 * answer nor its cost is an oracle for existence.
 */
export async function readableRecord(id: string): Promise<RecordView | null> {
  const r = await loadRecord(id);
  const d = await policyRuntime().decide(r ? { patientId: r.patientId, category: r.category, sourceOrgId: r.sourceOrgId, recordId: r.id, withheld: r.withheld } : absentRecord(id));
  if (!r || !d.allowed) return null;
  // A specialist who holds a linked id for her sees that id in the record, however they found the record.
  await noteLinkedPatient(r.patientId);
  return { ...r, fhir: maskPatientReferences(r.patientId, r.fhir) };
}

/** `__resolveReference` for a record type; the enforcement guard nulls what the caller may not read. */
export const referenceFor = (typeName: string) => async (ref: Record<string, unknown>): Promise<RecordView | null> => {
  const r = await loadRecord(String(ref.id));
  if (!r || TYPE_OF[r.category as RecordCategory] !== typeName) return null;
  await noteLinkedPatient(r.patientId);
  return { ...r, fhir: maskPatientReferences(r.patientId, r.fhir) };
};
