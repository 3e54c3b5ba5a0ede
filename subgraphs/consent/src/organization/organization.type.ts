import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

/** The institution directory: public facts about an institution, no patient data. */
@ObjectType("Organization")
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => ID, { description: "10-digit institution code" }) @Category(NON_PATIENT) id!: string;
  @Field(() => String) @Category(NON_PATIENT) name!: string;
  @Field(() => String, { description: "clinic | hospital | pharmacy | emergency_hospital | …" }) @Category(NON_PATIENT) kind!: string;
  @Field(() => String, { description: "Prefecture code (JIS X 0401)" }) @Category(NON_PATIENT) prefecture!: string;
  @Field(() => String, { description: "ACTIVE | SUSPENDED" }) @Category(NON_PATIENT) status!: string;
}
