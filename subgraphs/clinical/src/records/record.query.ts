import type { SelectQueryBuilder } from "typeorm";
import { dataSource, type Connection, type DataCategory } from "@hub/common";
import { listPatientRows, maskPatientReferences } from "@hub/policies";
import { ClinicalRecordEntity } from "./record.entity.js";
import type { RecordView } from "./record-base.type.js";

export function toView(r: ClinicalRecordEntity): RecordView {
  // Reached under a linked id (a consultation), the stored resource refers to the patient by that id.
  return { ...r, fhir: maskPatientReferences(r.patientId, r.fhir as Record<string, unknown>), sourceOrganization: { id: r.sourceOrgId } };
}

/** One page of a patient's clinical records of the given categories (see listPatientRows). */
export function listRecords(
  patientId: string, categories: DataCategory[], first: number | undefined, after: string | undefined,
  filter?: (qb: SelectQueryBuilder<ClinicalRecordEntity>) => void,
): Promise<Connection<RecordView>> {
  const qb = dataSource("clinical").getRepository(ClinicalRecordEntity).createQueryBuilder("r");
  filter?.(qb);
  return listPatientRows({
    qb,
    alias: "r", patientId, categories, first, after,
    columns: { time: "recorded_at", category: "category", sourceOrg: "source_org_id", withheld: "withheld" },
    toView, timeOf: (r) => r.recordedAt,
  });
}
