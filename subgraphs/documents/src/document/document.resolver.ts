import { Arg, Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, PageArgs, RECORD_CATEGORY, dataSource, orgRef, requestContext, type DataCategory } from "@hub/common";
import { listPatientRows } from "@hub/policies";
import { DOCUMENT_TYPES, DocumentEntity } from "./document.entity.js";
import { Document, DocumentConnection, DocumentStatus, DocumentTypeEnum, DocumentsPatient } from "./document.type.js";

export function toDocument(e: DocumentEntity): Document {
  return {
    id: e.id, patientId: e.patientId, category: e.category, sourceOrgId: e.sourceOrgId, withheld: e.withheld,
    type: e.type as DocumentTypeEnum, status: e.status as DocumentStatus, title: e.title, recordedAt: e.issuedAt,
    sourceOrganization: { id: e.sourceOrgId }, destinationOrganization: orgRef(e.destinationOrgId), retrievedAt: e.retrievedAt ?? null, fhir: e.bundle,
  };
}

/**
 * Which documents exist for the caller at all (before the PDP): withdrawn ones (閲覧不可) for no one, and those
 * still waiting for the patient's consent (閲覧保留) only for that patient and the issuing institution.
 */
export function visibleDocuments() {
  const { actor } = requestContext();
  return dataSource("documents").getRepository(DocumentEntity).createQueryBuilder("d").where("d.status <> 'WITHDRAWN'")
    .andWhere("(d.status <> 'PENDING_CONSENT' OR d.source_org_id = :callerOrg OR d.patient_id = :callerPatient)", { callerOrg: actor.org ?? "", callerPatient: actor.patientId ?? "" });
}

/** One page of a patient's documents of the given categories, through the PDP (see listPatientRows). */
export function listDocuments(patientId: string, categories: DataCategory[], first: number | null | undefined, after: string | null | undefined) {
  return listPatientRows({
    qb: visibleDocuments(),
    alias: "d", patientId, categories, first, after,
    columns: { time: "issued_at", category: "category", sourceOrg: "source_org_id", withheld: "withheld" },
    toView: toDocument, timeOf: (d) => d.issuedAt,
  });
}

@Resolver(() => DocumentsPatient)
export class PatientDocumentsResolver {
  /** Without `type`, all three kinds the caller may read; each kind is authorised as its own category. */
  @FieldResolver(() => DocumentConnection, { nullable: true }) @Category(RECORD_CATEGORY)
  documents(@Root() p: DocumentsPatient, @Args() { first, after }: PageArgs, @Arg("type", () => DocumentTypeEnum, { nullable: true }) type?: DocumentTypeEnum) {
    const types = type ? [type] : (Object.keys(DOCUMENT_TYPES) as DocumentTypeEnum[]);
    return listDocuments(p.id, types.map((t) => DOCUMENT_TYPES[t].category), first, after);
  }
}
