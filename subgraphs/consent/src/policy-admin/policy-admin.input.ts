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
}

@InputType()
export class ExplainAccessInput {
  @Field(() => ExplainSubjectInput) subject!: ExplainSubjectInput;
  @Field(() => PurposeOfUse, { defaultValue: PurposeOfUse.TREAT }) purpose!: PurposeOfUse;
  @Field(() => ID) patientId!: string;
  @Field(() => DataCategoryEnum, { description: "The category of the record or list asked about" }) category!: DataCategoryEnum;
  @Field(() => ID, { nullable: true, description: "A record id: record-level seals and consents that name it count; the record is not looked up" }) recordId?: string | null;
  @Field(() => ID, { nullable: true }) sourceOrganizationId?: string | null;
  @Field(() => ID, { nullable: true }) emergencyAccessId?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "Explain for a record withheld from the patient (未告知)" }) withheld!: boolean;
  @Field(() => String, { description: "Why you need this explanation (10–500 characters); recorded and shown to the patient" }) justification!: string;
}
