import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, NON_PATIENT, OrganizationRef, RECORD_CATEGORY } from "@hub/common";
import { Document, DocumentStatus, DocumentTypeEnum } from "../document/document.type.js";
import { PatientAsWritten } from "../issuer/issued.type.js";

export enum IncomingReason { ADDRESSED = "ADDRESSED", RESERVATION = "RESERVATION" }
registerEnumType(IncomingReason, {
  name: "IncomingReason",
  description: "ADDRESSED: the issuer named your institution; RESERVATION: also, the patient holds a reservation with you (pre-fetch)",
});

/**
 * One line of an institution's incoming work list. The line names the patient as the document does, for the staff
 * the policy lets see it (`read-incoming-patient`: the patient chose this institution as the destination, and the
 * desk must know whom to expect); the document behind it is decided by the PDP like any record (readable once
 * retrieved, or pre-fetched because of a reservation).
 */
@ObjectType({ description: "A document addressed to the caller's institution" })
export class IncomingDocument {
  patientId!: string;
  category!: string;
  sourceOrgId!: string;
  withheld!: boolean;
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => DocumentTypeEnum) @Category(NON_PATIENT) type!: DocumentTypeEnum;
  @Field(() => DocumentStatus) @Category(NON_PATIENT) status!: DocumentStatus;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) issuedAt!: Date;
  @Field(() => OrganizationRef) @Category(NON_PATIENT) sourceOrganization!: OrganizationRef;
  @Field(() => IncomingReason) @Category(NON_PATIENT) reason!: IncomingReason;
  @Field(() => String, { nullable: true, description: "The patient's reservation date with you (RESERVATION)" }) @Category(NON_PATIENT) reservationDate!: string | null;
  @Field(() => PatientAsWritten, { nullable: true, description: "The patient as the document names her (null when your role may not see it)" }) @Category(NON_PATIENT) patient!: PatientAsWritten | null;
  @Field(() => Document, { nullable: true, description: "The document, if your institution may read it" }) @Category(RECORD_CATEGORY) document!: Document;
}

export const IncomingDocumentConnection = ConnectionOf(IncomingDocument, NON_PATIENT);
