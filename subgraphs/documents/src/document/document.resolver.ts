import { Arg, Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, PageArgs, RECORD_CATEGORY, dataSource, orgRef, requestContext, type DataCategory } from "@hub/common";
import { listPatientRows } from "@hub/policies";
import { DOCUMENT_TYPES, DocumentEntity } from "./document.entity.js";
import { Document, DocumentConnection, DocumentStatus, DocumentTypeEnum, DocumentsPatient } from "./document.type.js";

export function toDocument(e: DocumentEntity): Document {
  const { actor } = requestContext();
  // The patient's slip and the issuer's copy: the number and the form of issuance are theirs, not the reader's.
  const party = (actor.patientId !== undefined && actor.patientId === e.patientId) || (actor.org !== undefined && actor.org === e.sourceOrgId);
  return {
    exchangeNumber: party ? e.exchangeNumber : null, issuance: party ? e.issuance : null, version: e.version ?? 1,
    slipUrl: party && e.exchangeNumber && !["WITHDRAWN", "SUPERSEDED"].includes(e.status) ? `/slips?document=${encodeURIComponent(e.id)}` : null,
    supersedes: e.supersedesId ?? null, supersededBy: e.supersededById ?? null, withdrawnAt: e.withdrawnAt ?? null, withdrawnReason: e.withdrawnReason ?? null,
    id: e.id, patientId: e.patientId, category: e.category, sourceOrgId: e.sourceOrgId, withheld: e.withheld,
    type: e.type as DocumentTypeEnum, status: e.status as DocumentStatus, title: e.title, recordedAt: e.issuedAt,
    sourceOrganization: { id: e.sourceOrgId }, destinationOrganization: orgRef(e.destinationOrgId), retrievedAt: e.retrievedAt ?? null, fhir: e.status === "WITHDRAWN" ? null : e.bundle,
  };
}

/**
 * Which documents exist for the caller at all (before the PDP): withdrawn ones (閲覧不可) only for the patient, who
 * sees them listed as WITHDRAWN with the reason and without content; those still waiting for her consent (閲覧保留)
 * and earlier versions (SUPERSEDED) only for the patient and the issuing institution: everyone else sees the latest.
 */
export function visibleDocuments() {
  const { actor } = requestContext();
  return dataSource("documents").getRepository(DocumentEntity).createQueryBuilder("d")
    .where("(d.status <> 'WITHDRAWN' OR d.patient_id = :callerPatient)")
    .andWhere("(d.status NOT IN ('PENDING_CONSENT','SUPERSEDED') OR d.source_org_id = :callerOrg OR d.patient_id = :callerPatient)", { callerOrg: actor.org ?? "", callerPatient: actor.patientId ?? "" });
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
