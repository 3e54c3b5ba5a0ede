import { Arg, ID, Mutation, Resolver } from "type-graphql";
import { In } from "typeorm";
import {
  BadUserInputError, byIds, callerPatient, Category, ConflictError, dataSource, NotFoundError, Operation, RECORD_CATEGORY, requestContext,
  requestLoader, type OperationFacts,
} from "@hub/common";
import { audit } from "@hub/policies";
import { DocumentEntity } from "./document.entity.js";

/** A document by id, once per request (the operation's facts and the resolver share it). */
const documents = requestLoader<string, DocumentEntity>("documents.byId",
  byIds((ids) => dataSource("documents").getRepository(DocumentEntity).findBy({ id: In(ids) })));
export const documentById = (id: string) => documents.get().load(id);

/** Withdrawing: the document's category and issuing institution, which must be the caller's; unknown ids are nobody's. */
async function issuedDocumentFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const doc = await documentById(String(args.id));
  return doc ? { category: doc.category, institution: doc.sourceOrgId } : { absent: true };
}

/** Agreeing to a held document: it must be the patient's own; unknown ids are nobody's. */
export async function ownDocumentFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const doc = await documentById(String(args.id));
  return doc ? { category: doc.category, own: doc.patientId === requestContext().actor.patientId } : { absent: true };
}

/** The exchange lifecycle (SPEC §7): PENDING_CONSENT → AVAILABLE → RETRIEVED, or WITHDRAWN by the issuer. */
@Resolver()
export class DocumentExchangeResolver {
  /** 閲覧不可: the issuing institution withdraws a document it registered; its exchange number stops working. */
  @Mutation(() => ID, { description: "Withdraw a document your institution issued; returns its id" }) @Category(RECORD_CATEGORY) @Operation("withdraw", { forInstitution: true, hideResource: true, facts: issuedDocumentFacts, notFound: "no document with this id issued by your institution" })
  async withdrawDocument(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<string> {
    if (reason.trim().length < 4 || reason.length > 500) throw new BadUserInputError("give a reason (4–500 characters)", { argument: "reason" });
    const repo = dataSource("documents").getRepository(DocumentEntity);
    // The PDP decided it is the caller's institution's (another institution's document is as unknown as a missing one).
    const doc = await documentById(id);
    if (!doc) throw new NotFoundError("no document with this id issued by your institution");
    if (doc.status === "WITHDRAWN") throw new ConflictError("the document is already withdrawn");
    const res = await repo.createQueryBuilder().update().set({ status: "WITHDRAWN", withdrawnAt: new Date(), withdrawnReason: reason })
      .where("id = :id AND status <> 'WITHDRAWN'", { id }).execute();
    if (!res.affected) throw new ConflictError("the document is already withdrawn");
    await audit().event({ eventType: "document-withdrawn", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], detail: { reason, previousStatus: doc.status } });
    return doc.id;
  }

  /** The patient agrees that a document waiting for consent (閲覧保留) may be viewed: it becomes AVAILABLE. */
  @Mutation(() => ID, { description: "Patient: agree to a document being viewed (閲覧保留 → 閲覧可)" }) @Category(RECORD_CATEGORY) @Operation("consent-document", { hideResource: true, facts: ownDocumentFacts, notFound: "no such document" })
  async consentToDocument(@Arg("id", () => ID) id: string): Promise<string> {
    const patientId = callerPatient();
    const repo = dataSource("documents").getRepository(DocumentEntity);
    const doc = await documentById(id);
    if (!doc || doc.status === "WITHDRAWN") throw new NotFoundError("no such document");
    if (doc.status !== "PENDING_CONSENT") throw new ConflictError(`the document is already ${doc.status}`);
    await repo.update({ id, status: "PENDING_CONSENT" }, { status: "AVAILABLE" });
    await audit().event({ eventType: "consent-granted", patientId, category: doc.category, recordIds: [doc.id], detail: { document: doc.id } });
    return doc.id;
  }
}
