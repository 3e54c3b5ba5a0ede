import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, JSONScalar, NON_PATIENT } from "@hub/common";
import { DocumentStatus, DocumentTypeEnum } from "./document.type.js";

export enum Issuance { ELECTRONIC = "ELECTRONIC", PAPER = "PAPER" }
registerEnumType(Issuance, { name: "Issuance", description: "発行形態: electronic or paper" });

@InputType()
export class RegisterDocumentInput {
  @Field(() => JSONScalar, { description: "FHIR R4 document Bundle (JP-CLINS eReferral / eDischargeSummary / eCheckup)" }) bundle!: unknown;
  @Field(() => Issuance, { defaultValue: Issuance.ELECTRONIC }) issuance!: Issuance;
  @Field(() => ID, { nullable: true, description: "Destination institution (referrals)" }) destinationOrganizationId?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "The patient consented to viewing at issuance: AVAILABLE at once, else PENDING_CONSENT" })
  consentAtIssuance!: boolean;
}

@ObjectType({ description: "What the issuer learns about the document it registered" })
export class RegisteredDocument {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => DocumentTypeEnum) @Category(NON_PATIENT) type!: DocumentTypeEnum;
  @Field(() => DocumentStatus) @Category(NON_PATIENT) status!: DocumentStatus;
  @Field(() => Int, { description: "1 for a first registration; an amended Composition under the same Bundle.identifier is the next version" }) @Category(NON_PATIENT) version!: number;
}

@ObjectType()
export class RegisterDocumentResult {
  @Field(() => RegisteredDocument) @Category(NON_PATIENT) document!: RegisteredDocument;
  @Field(() => String, { description: "引換番号: 16 digits (the last a check digit), given to the patient to take to the destination; a new version keeps it" }) @Category(NON_PATIENT) exchangeNumber!: string;
  @Field(() => Boolean, { description: "true when this exact Bundle was registered before: the existing document is answered and nothing changes" }) @Category(NON_PATIENT) repeated!: boolean;
}
