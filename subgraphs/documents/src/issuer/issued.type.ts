import { Field, ID, Int, ObjectType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, NON_PATIENT, OrganizationRef } from "@hub/common";
import { DocumentStatus, DocumentTypeEnum } from "../document/document.type.js";

/**
 * The patient as the issuing institution wrote her into the Bundle (its own record of what it sent), or as the
 * destination's staff see her on an incoming line. Who may see it is an operation the policy decides
 * (`read-issued`, `read-incoming-patient`), not a read of the hub's patient record.
 */
@ObjectType({ description: "The patient as the document names her (Patient resource of the Bundle)" })
export class PatientAsWritten {
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) name!: string | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) kana!: string | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) birthDate!: string | null;
  @Field(() => String, { nullable: true, description: "FHIR administrative gender: male, female, other, unknown" }) @Category(NON_PATIENT) sex!: string | null;
}

@ObjectType({ description: "A document your institution issued, and what became of it" })
export class IssuedDocument {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => DocumentTypeEnum) @Category(NON_PATIENT) type!: DocumentTypeEnum;
  @Field(() => DocumentStatus) @Category(NON_PATIENT) status!: DocumentStatus;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) issuedAt!: Date;
  @Field(() => OrganizationRef, { nullable: true }) @Category(NON_PATIENT) destinationOrganization!: OrganizationRef | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the destination retrieved it (null: not yet)" }) @Category(NON_PATIENT) retrievedAt!: Date | null;
  @Field(() => OrganizationRef, { nullable: true, description: "Who retrieved it" }) @Category(NON_PATIENT) retrievedBy!: OrganizationRef | null;
  @Field(() => Int) @Category(NON_PATIENT) version!: number;
  @Field(() => ID, { nullable: true }) @Category(NON_PATIENT) supersedes!: string | null;
  @Field(() => ID, { nullable: true }) @Category(NON_PATIENT) supersededBy!: string | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) exchangeNumber!: string | null;
  @Field(() => String) @Category(NON_PATIENT) issuance!: string;
  @Field(() => String, { nullable: true, description: "The issuer's Bundle.identifier" }) @Category(NON_PATIENT) bundleIdentifier!: string | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) withdrawnReason!: string | null;
  @Field(() => PatientAsWritten) @Category(NON_PATIENT) patient!: PatientAsWritten;
}

export const IssuedDocumentConnection = ConnectionOf(IssuedDocument, NON_PATIENT);

@ObjectType({ description: "Failed retrievals by exchange number of one institution in the current window, and its lock-out" })
export class RetrievalLockout {
  @Field(() => OrganizationRef) @Category(NON_PATIENT) organization!: OrganizationRef;
  @Field(() => Int) @Category(NON_PATIENT) failures!: number;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) windowStartedAt!: Date;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) lastFailureAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "Retrieval is refused (RATE_LIMITED) until then; null: not locked" }) @Category(NON_PATIENT) lockedUntil!: Date | null;
}
