import { randomUUID } from "node:crypto";
import { Arg, ID, Mutation, Resolver } from "type-graphql";
import { BadUserInputError, Category, ConflictError, ForbiddenError, NotFoundError, RECORD_CATEGORY, dataSource, institutionOf, patientSelf, requireScope } from "@hub/common";
import { audit } from "@hub/policies";
import { DocumentEntity } from "./document.entity.js";
import { toDocument } from "./document.resolver.js";
import { Document } from "./document.type.js";

const STAFF = ["doctor", "nurse", "pharmacist", "clerk", "system"] as const;

/** The exchange lifecycle (SPEC §7): PENDING_CONSENT → AVAILABLE → RETRIEVED, or WITHDRAWN by the issuer. */
@Resolver()
export class DocumentExchangeResolver {
  /**
   * The destination institution takes the document with the exchange number the patient brought: presenting the
   * number is the patient's consent for that institution to read this kind of document (7 days).
   */
  @Mutation(() => Document, { nullable: true, description: "Retrieve a document by its exchange number (引換番号)" }) @Category(RECORD_CATEGORY)
  async retrieveDocument(@Arg("exchangeNumber", () => String) exchangeNumber: string): Promise<Document> {
    const { org } = institutionOf([...STAFF], "retrieving documents");
    requireScope("documents.read");
    if (!/^\d{8}$/.test(exchangeNumber)) throw new BadUserInputError("an exchange number has 8 digits", { argument: "exchangeNumber" });
    const ds = dataSource("documents");
    const doc = await ds.getRepository(DocumentEntity).findOneBy({ exchangeNumber });
    const live = doc && (doc.status === "AVAILABLE" || doc.status === "PENDING_CONSENT") && (doc.destinationOrgId === null || doc.destinationOrgId === org);
    if (!doc || !live) throw new NotFoundError("no document with this exchange number for your institution");
    if (doc.status === "PENDING_CONSENT") throw new ForbiddenError("the patient has not yet agreed to this document being viewed (閲覧保留)", { rule: "pending-consent" });
    const retrievedAt = new Date();
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, expires_at, source) VALUES ($1, $2, $3, 'TREAT', $4, $5, 'EXCHANGE')`,
        [randomUUID(), doc.patientId, org, [doc.category], new Date(Date.now() + 7 * 86_400_000).toISOString()]);
      await m.getRepository(DocumentEntity).update({ id: doc.id }, { status: "RETRIEVED", retrievedAt });
    });
    await audit().event({ eventType: "document-retrieved", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], detail: { organizationId: org } });
    return toDocument({ ...doc, status: "RETRIEVED", retrievedAt });
  }

  /** 閲覧不可: the issuing institution withdraws a document it registered; its exchange number stops working. */
  @Mutation(() => ID, { description: "Withdraw a document your institution issued; returns its id" }) @Category(RECORD_CATEGORY)
  async withdrawDocument(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<string> {
    const { org } = institutionOf(["doctor", "system"], "withdrawing documents");
    requireScope("documents.write");
    if (reason.trim().length < 4 || reason.length > 500) throw new BadUserInputError("give a reason (4–500 characters)", { argument: "reason" });
    const repo = dataSource("documents").getRepository(DocumentEntity);
    const doc = await repo.findOneBy({ id });
    // Another institution's document is as unknown as a missing one.
    if (!doc || doc.sourceOrgId !== org) throw new NotFoundError("no document with this id issued by your institution");
    if (doc.status === "WITHDRAWN") throw new ConflictError("the document is already withdrawn");
    const res = await repo.createQueryBuilder().update().set({ status: "WITHDRAWN", withdrawnAt: new Date(), withdrawnReason: reason })
      .where("id = :id AND status <> 'WITHDRAWN'", { id }).execute();
    if (!res.affected) throw new ConflictError("the document is already withdrawn");
    await audit().event({ eventType: "document-withdrawn", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], detail: { reason, previousStatus: doc.status } });
    return doc.id;
  }

  /** The patient agrees that a document waiting for consent (閲覧保留) may be viewed: it becomes AVAILABLE. */
  @Mutation(() => ID, { description: "Patient: agree to a document being viewed (閲覧保留 → 閲覧可)" }) @Category(RECORD_CATEGORY)
  async consentToDocument(@Arg("id", () => ID) id: string): Promise<string> {
    const patientId = patientSelf("agrees to a document being viewed", "document");
    const repo = dataSource("documents").getRepository(DocumentEntity);
    const doc = await repo.findOneBy({ id, patientId });
    if (!doc || doc.status === "WITHDRAWN") throw new NotFoundError("no such document");
    if (doc.status !== "PENDING_CONSENT") throw new ConflictError(`the document is already ${doc.status}`);
    await repo.update({ id, status: "PENDING_CONSENT" }, { status: "AVAILABLE" });
    await audit().event({ eventType: "consent-granted", patientId, category: doc.category, recordIds: [doc.id], detail: { document: doc.id } });
    return doc.id;
  }
}
