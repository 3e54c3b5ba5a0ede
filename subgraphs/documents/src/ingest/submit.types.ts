import { Field, Int, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

@ObjectType("ValidationIssue", { description: "One finding of the FHIR / JP-CLINS checks" })
export class ValidationIssueType {
  @Field(() => String, { description: "Stable rule id (the IG's R-number where it has one; see RULES.md)" }) @Category(NON_PATIENT) ruleId!: string;
  @Field(() => String) @Category(NON_PATIENT) path!: string;
  @Field(() => String) @Category(NON_PATIENT) message!: string;
  @Field(() => String) @Category(NON_PATIENT) severity!: string;
}

@ObjectType({ description: "What happened to a JP_Bundle_CLINS collection Bundle" })
export class SubmitClinicalResult {
  @Field(() => Int, { description: "New records" }) @Category(NON_PATIENT) inserted!: number;
  @Field(() => Int, { description: "Records whose resource changed since it was last sent (corrections)" }) @Category(NON_PATIENT) updated!: number;
  @Field(() => Int, { description: "Records sent before, unchanged (re-sending a Bundle changes nothing)" }) @Category(NON_PATIENT) unchanged!: number;
  @Field(() => [ValidationIssueType], { description: "Warnings from the checks (errors refuse the Bundle)" }) @Category(NON_PATIENT) warnings!: ValidationIssueType[];
}
