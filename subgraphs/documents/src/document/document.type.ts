import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, JSONScalar, OrganizationRef, RECORD_CATEGORY, RECORD_METADATA } from "@hub/common";

export enum DocumentTypeEnum { REFERRAL = "REFERRAL", DISCHARGE_SUMMARY = "DISCHARGE_SUMMARY", CHECKUP_REPORT = "CHECKUP_REPORT", PATIENT_SUMMARY = "PATIENT_SUMMARY" }
registerEnumType(DocumentTypeEnum, { name: "DocumentType", description: "診療情報提供書 / 退院時サマリー / 健康診断結果報告書 / 患者サマリー（療養計画書）" });

export enum DocumentStatus { PENDING_CONSENT = "PENDING_CONSENT", AVAILABLE = "AVAILABLE", RETRIEVED = "RETRIEVED", WITHDRAWN = "WITHDRAWN", SUPERSEDED = "SUPERSEDED" }
registerEnumType(DocumentStatus, { name: "DocumentStatus", description: "閲覧保留 / 閲覧可 / 取得済 / 閲覧不可 (withdrawn by the issuer) / 改版済 (a newer version replaces it)" });

/**
 * A clinical document; its data category follows its type (document_referral, document_discharge, document_checkup,
 * document_summary). Its title and FHIR Bundle are its content; the other fields are its metadata (RECORD_METADATA),
 * which the reception desk may read where the patient's consent covers the document (docs/documents.md).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Document {
  patientId!: string;
  category!: string;
  sourceOrgId!: string;
  withheld!: boolean;
  @Field(() => ID) @Category(RECORD_METADATA) id!: string;
  @Field(() => DocumentTypeEnum) @Category(RECORD_METADATA) type!: DocumentTypeEnum;
  @Field(() => DocumentStatus) @Category(RECORD_METADATA) status!: DocumentStatus;
  @Field(() => String, { nullable: true }) @Category(RECORD_CATEGORY) title!: string | null;
  @Field(() => DateTimeScalar) @Category(RECORD_METADATA) recordedAt!: Date;
  @Field(() => OrganizationRef, { description: "Issuing institution" }) @Category(RECORD_METADATA) sourceOrganization!: OrganizationRef;
  @Field(() => OrganizationRef, { nullable: true }) @Category(RECORD_METADATA) destinationOrganization!: OrganizationRef | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the destination retrieved it" }) @Category(RECORD_METADATA) retrievedAt!: Date | null;
  @Field(() => JSONScalar, { nullable: true, description: "The FHIR document Bundle (attachment data replaced by urn:hub:attachment:<sha256>; see attachments); null once withdrawn" })
  @Category(RECORD_CATEGORY) fhir!: object | null;
  @Field(() => String, { nullable: true, description: "引換番号: for the patient and the issuing institution only (null for others)" }) @Category(RECORD_METADATA) exchangeNumber!: string | null;
  @Field(() => String, { nullable: true, description: "発行形態 ELECTRONIC or PAPER: for the patient and the issuing institution only" }) @Category(RECORD_METADATA) issuance!: string | null;
  @Field(() => String, { nullable: true, description: "Printable slip of the exchange number (PDF, GET with your bearer token): for the patient and the issuing institution" }) @Category(RECORD_METADATA) slipUrl!: string | null;
  @Field(() => Int, { description: "1, 2, …: an amended document registered under the same Bundle.identifier is the next version" }) @Category(RECORD_METADATA) version!: number;
  @Field(() => ID, { nullable: true, description: "The id of the version this one replaces" }) @Category(RECORD_METADATA) supersedes!: string | null;
  @Field(() => ID, { nullable: true, description: "The id of the version that replaces this one (status SUPERSEDED)" }) @Category(RECORD_METADATA) supersededBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(RECORD_METADATA) withdrawnAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why the issuer withdrew it (status WITHDRAWN)" }) @Category(RECORD_METADATA) withdrawnReason!: string | null;
}

export const DocumentConnection = ConnectionOf(Document, RECORD_CATEGORY);

@ObjectType("Patient")
@Directive('@key(fields: "id")')
export class DocumentsPatient {
  @Field(() => ID) @Category("non_patient") id!: string;
}
