import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, DataCategoryEnum, JSONScalar, NON_PATIENT } from "@hub/common";
import { LegalBasis, ProcessingLevel, RequesterKind } from "./processing.js";

export enum SecondaryUsePurpose { HRESCH = "HRESCH", PUBHLTH = "PUBHLTH", HOPERAT = "HOPERAT" }
registerEnumType(SecondaryUsePurpose, { name: "SecondaryUsePurpose", description: "HL7 v3 PurposeOfUse of a dataset request" });

export enum DatasetRequestStatus { SUBMITTED = "SUBMITTED", APPROVED = "APPROVED", REJECTED = "REJECTED" }
registerEnumType(DatasetRequestStatus, { name: "DatasetRequestStatus" });

export enum ReviewDecision { APPROVE = "APPROVE", REJECT = "REJECT" }
registerEnumType(ReviewDecision, { name: "ReviewDecision" });

export enum Sex { MALE = "male", FEMALE = "female", OTHER = "other", UNKNOWN = "unknown" }
registerEnumType(Sex, { name: "Sex" });

export enum DatasetField { VALUE = "VALUE", STATUS = "STATUS", DATE = "DATE", SUPPLY = "SUPPLY" }
registerEnumType(DatasetField, {
  name: "DatasetField",
  description: "Optional elements of each released resource (the code is always included): result VALUE, clinical STATUS, shifted DATE, days of SUPPLY",
});

@InputType()
export class AgeRangeInput {
  @Field(() => Int, { nullable: true }) min?: number | null;
  @Field(() => Int, { nullable: true }) max?: number | null;
}

@InputType({ description: "Inclusive days, YYYY-MM-DD" })
export class PeriodInput {
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true }) to?: string | null;
}

@InputType({ description: "Restrict one category's records to codes starting with one of these" })
export class CategoryCodesInput {
  @Field(() => DataCategoryEnum) category!: DataCategoryEnum;
  @Field(() => [String]) codes!: string[];
}

@InputType()
export class DatasetFiltersInput {
  @Field(() => AgeRangeInput, { nullable: true, description: "Age in years at the end of the period (or today)" }) ageRange?: AgeRangeInput | null;
  @Field(() => [Sex], { nullable: true }) sex?: Sex[] | null;
  @Field(() => [String], { nullable: true, description: "JIS X 0401 prefecture codes, e.g. \"13\" for Tokyo" }) prefectures?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Cohort: patients with a condition coded with one of these ICD-10 prefixes" }) conditionCodes?: string[] | null;
  @Field(() => [CategoryCodesInput], { nullable: true }) codes?: CategoryCodesInput[] | null;
  @Field(() => PeriodInput, { nullable: true }) period?: PeriodInput | null;
}

@InputType()
export class SubmitDatasetRequestInput {
  @Field(() => String) projectName!: string;
  @Field(() => ID, { nullable: true, description: "Follow-up request for an existing project of yours (same pseudonyms); a new project when absent" })
  projectId?: string | null;
  @Field(() => SecondaryUsePurpose) purpose!: SecondaryUsePurpose;
  @Field(() => LegalBasis, { description: "法的根拠 of the use; with the requester kind it decides the processing level" }) legalBasis!: LegalBasis;
  @Field(() => RequesterKind, { description: "利用者の種別" }) requesterKind!: RequesterKind;
  @Field(() => String, { description: "10-digit code or name of the requesting institution" }) requesterOrganization!: string;
  @Field(() => [DataCategoryEnum]) categories!: DataCategoryEnum[];
  @Field(() => DatasetFiltersInput, { nullable: true }) filters?: DatasetFiltersInput | null;
  @Field(() => [DatasetField], { nullable: true, description: "Default: all" }) fields?: DatasetField[] | null;
  @Field(() => Int, { nullable: true, description: "k of k-anonymity, at least 5 (default 5)" }) k?: number | null;
}

@ObjectType({ description: "A request for a pseudonymised or anonymised dataset (EHDS-style data permit application)" })
export class DatasetRequest {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) projectId!: string;
  @Field(() => String) @Category(NON_PATIENT) projectName!: string;
  @Field(() => SecondaryUsePurpose) @Category(NON_PATIENT) purpose!: SecondaryUsePurpose;
  @Field(() => LegalBasis) @Category(NON_PATIENT) legalBasis!: LegalBasis;
  @Field(() => RequesterKind) @Category(NON_PATIENT) requesterKind!: RequesterKind;
  @Field(() => ProcessingLevel, { description: "加工形態 of the released data, derived from purpose, legal basis and requester kind" }) @Category(NON_PATIENT) processing!: ProcessingLevel;
  @Field(() => String) @Category(NON_PATIENT) requesterOrganization!: string;
  @Field(() => String) @Category(NON_PATIENT) requestedBy!: string;
  @Field(() => [DataCategoryEnum]) @Category(NON_PATIENT) categories!: DataCategoryEnum[];
  @Field(() => JSONScalar) @Category(NON_PATIENT) filters!: unknown;
  @Field(() => [DatasetField]) @Category(NON_PATIENT) fields!: DatasetField[];
  @Field(() => Int) @Category(NON_PATIENT) k!: number;
  @Field(() => DatasetRequestStatus) @Category(NON_PATIENT) status!: DatasetRequestStatus;
  @Field(() => Date) @Category(NON_PATIENT) submittedAt!: Date;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) reviewedBy!: string | null;
  @Field(() => Date, { nullable: true }) @Category(NON_PATIENT) reviewedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Conditions of the approval (or reasons of the rejection)" }) @Category(NON_PATIENT) conditions!: string | null;
}
