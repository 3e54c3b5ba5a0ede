import { Field, ID, InputType } from "type-graphql";
import { DataCategoryEnum } from "@hub/common";
import { PurposeOfUse } from "../consent/consent.type.js";

@InputType()
export class PolicyRuleInput {
  @Field(() => String) role!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) category!: string;
  @Field(() => String, { defaultValue: "read" }) action!: string;
  @Field(() => String, { defaultValue: "*" }) condition!: string;
  @Field(() => String) effect!: string;
  @Field(() => String) name!: string;
}

@InputType({ description: "Who is asking: the attributes of a token" })
export class ExplainSubjectInput {
  @Field(() => String) role!: string;
  @Field(() => String, { defaultValue: "EXPLAIN" }) sub!: string;
  @Field(() => String, { nullable: true }) org?: string | null;
  @Field(() => ID, { nullable: true }) patientId?: string | null;
  @Field(() => Boolean, { defaultValue: false }) mfa!: boolean;
  @Field(() => [String], { nullable: true, description: "A system client's token scopes" }) scopes?: string[] | null;
}

@InputType()
export class ExplainAccessInput {
  @Field(() => ExplainSubjectInput) subject!: ExplainSubjectInput;
  @Field(() => PurposeOfUse, { defaultValue: PurposeOfUse.TREAT }) purpose!: PurposeOfUse;
  @Field(() => String, { defaultValue: "read", description: "read (the default: a read of patient data), or an operation's action (register, withdraw, grant-consent, …)" }) action!: string;
  @Field(() => ID, { nullable: true, description: "The patient (required for read)" }) patientId?: string | null;
  @Field(() => DataCategoryEnum, { nullable: true, description: "The category of the record or list asked about (required for read), or that the operation touches" }) category?: DataCategoryEnum | null;
  @Field(() => ID, { nullable: true, description: "Operations: the institution the resource belongs to (a document's author, a grant's institution)" }) resourceInstitution?: string | null;
  @Field(() => Boolean, { nullable: true, description: "Operations: whether the resource is the caller's own (their grant, their request)" }) ownResource?: boolean | null;
  @Field(() => ID, { nullable: true, description: "A record id: record-level seals and consents that name it count; the record is not looked up" }) recordId?: string | null;
  @Field(() => ID, { nullable: true }) sourceOrganizationId?: string | null;
  @Field(() => ID, { nullable: true }) emergencyAccessId?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "Explain for a record withheld from the patient (未告知)" }) withheld!: boolean;
  @Field(() => Boolean, { defaultValue: false, description: "Documents: explain a read of the document's metadata (kind, state, issuer, dates) rather than its content" }) metadata!: boolean;
  @Field(() => String, { description: "Why you need this explanation (10–500 characters); recorded and shown to the patient" }) justification!: string;
}
