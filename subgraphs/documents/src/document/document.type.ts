import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, JSONScalar, OrganizationRef, RECORD_CATEGORY } from "@hub/common";

export enum DocumentTypeEnum { REFERRAL = "REFERRAL", DISCHARGE_SUMMARY = "DISCHARGE_SUMMARY", CHECKUP_REPORT = "CHECKUP_REPORT" }
registerEnumType(DocumentTypeEnum, { name: "DocumentType", description: "診療情報提供書 / 退院時サマリー / 健康診断結果報告書" });

export enum DocumentStatus { PENDING_CONSENT = "PENDING_CONSENT", AVAILABLE = "AVAILABLE", RETRIEVED = "RETRIEVED", WITHDRAWN = "WITHDRAWN" }
registerEnumType(DocumentStatus, { name: "DocumentStatus", description: "閲覧保留 / 閲覧可 / 取得済 / 閲覧不可" });

/** A clinical document; its data category follows its type (document_referral, document_discharge, document_checkup). */
@ObjectType()
@Directive('@key(fields: "id")')
export class Document {
  patientId!: string;
  category!: string;
  sourceOrgId!: string;
  withheld!: boolean;
  @Field(() => ID) @Category(RECORD_CATEGORY) id!: string;
  @Field(() => DocumentTypeEnum) @Category(RECORD_CATEGORY) type!: DocumentTypeEnum;
  @Field(() => DocumentStatus) @Category(RECORD_CATEGORY) status!: DocumentStatus;
  @Field(() => String, { nullable: true }) @Category(RECORD_CATEGORY) title!: string | null;
  @Field(() => DateTimeScalar) @Category(RECORD_CATEGORY) recordedAt!: Date;
  @Field(() => OrganizationRef, { description: "Issuing institution" }) @Category(RECORD_CATEGORY) sourceOrganization!: OrganizationRef;
  @Field(() => OrganizationRef, { nullable: true }) @Category(RECORD_CATEGORY) destinationOrganization!: OrganizationRef | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the destination retrieved it" }) @Category(RECORD_CATEGORY) retrievedAt!: Date | null;
  @Field(() => JSONScalar, { description: "The FHIR document Bundle (attachment data replaced by urn:hub:attachment:<sha256>; see attachments)" })
  @Category(RECORD_CATEGORY) fhir!: object;
}

export const DocumentConnection = ConnectionOf(Document, RECORD_CATEGORY);

@ObjectType("Patient")
@Directive('@key(fields: "id")')
export class DocumentsPatient {
  @Field(() => ID) @Category("non_patient") id!: string;
}
