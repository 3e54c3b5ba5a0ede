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
  @Field(() => DataCategoryEnum, { nullable: true }) category?: DataCategoryEnum | null;
  @Field(() => ID, { nullable: true }) recordId?: string | null;
  @Field(() => ID, { nullable: true }) sourceOrganizationId?: string | null;
  @Field(() => ID, { nullable: true }) emergencyAccessId?: string | null;
}
