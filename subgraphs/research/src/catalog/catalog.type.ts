import { Field, Int, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

@ObjectType({ description: "A code of a category's value set, with its approximate number of patients" })
export class CatalogCode {
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) system!: string | null;
  @Field(() => String) @Category(NON_PATIENT) code!: string;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) display!: string | null;
  @Field(() => Int, { description: "Approximate number of patients (rounded to 10)" }) @Category(NON_PATIENT) approximatePatients!: number;
}

@ObjectType({ description: "What can be requested for secondary use: aggregate counts only, small cells suppressed" })
export class CatalogEntry {
  @Field(() => String) @Category(NON_PATIENT) category!: string;
  @Field(() => Int, { nullable: true, description: "Approximate number of patients (rounded to 10); null when suppressed" })
  @Category(NON_PATIENT) approximatePatients!: number | null;
  @Field(() => Boolean, { description: "True when the count is under the minimum cell size" }) @Category(NON_PATIENT) suppressed!: boolean;
  @Field(() => [CatalogCode], { description: "Value set: codes held by at least the minimum cell size of patients, most frequent first" })
  @Category(NON_PATIENT) codes!: CatalogCode[];
  @Field(() => Int, { description: "Codes left out of `codes` because fewer patients than the minimum cell size have them" })
  @Category(NON_PATIENT) suppressedCodes!: number;
}
