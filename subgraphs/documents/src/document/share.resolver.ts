import { Arg, Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import { BadUserInputError, callerPatient, Category, DateTimeScalar, NON_PATIENT, NotFoundError, Operation } from "@hub/common";
import { grantConsent } from "@hub/policies";
import { documentById, ownDocumentFacts } from "./exchange.resolver.js";

/** Longest a shared document stays open to the institution (the patient may revoke it any time before). */
const MAX_SHARE_DAYS = 90;

@ObjectType({ description: "The consent that gives one document to one institution" })
export class DocumentShare {
  @Field(() => ID, { description: "The consent's id (listed in consents, revocable)" }) @Category(NON_PATIENT) consentId!: string;
  @Field(() => ID) @Category(NON_PATIENT) documentId!: string;
  @Field(() => ID) @Category(NON_PATIENT) organizationId!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) expiresAt!: Date;
}

@Resolver()
export class ShareDocumentResolver {
  /**
   * 「提出する文書情報の選択」: the patient gives one chosen document to one institution without an exchange number:
   * a consent through the consent store for that document alone (its category, its id; purpose TREAT) until
   * `expiresAt` (at most 90 days), listed in her consents and revocable like any consent. Only her own documents that
   * are live (not withdrawn or superseded) can be given; anything else is as unknown as a missing id.
   */
  @Mutation(() => DocumentShare, { description: "Patient: give one of your documents to one institution until expiresAt (≤ 90 days)" })
  @Category(NON_PATIENT) @Operation("share-document", { hideResource: true, facts: (a) => ownDocumentFacts({ id: a.documentId }), notFound: "no such document" })
  async shareDocument(@Arg("documentId", () => ID) documentId: string, @Arg("organizationId", () => ID) organizationId: string,
    @Arg("expiresAt", () => DateTimeScalar) expiresAt: Date): Promise<DocumentShare> {
    const patientId = callerPatient();
    const doc = await documentById(documentId);
    if (!doc || doc.patientId !== patientId || doc.status === "WITHDRAWN" || doc.status === "SUPERSEDED") throw new NotFoundError("no such document");
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() > Date.now() + MAX_SHARE_DAYS * 86_400_000) {
      throw new BadUserInputError(`expiresAt must be within ${MAX_SHARE_DAYS} days`, { argument: "expiresAt" });
    }
    const consent = await grantConsent({ patientId, organizationId, purpose: "TREAT", source: "PORTAL", categories: [doc.category as never], recordIds: [doc.id],
      expiresAt, originId: doc.id, detail: { sharedDocument: doc.id } });
    return { consentId: consent.id, documentId: doc.id, organizationId, expiresAt };
  }
}
