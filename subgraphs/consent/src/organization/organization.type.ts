import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Category, DateTimeScalar, NON_PATIENT } from "@hub/common";
import { InstitutionKind } from "./institution.input.js";

export enum InstitutionStatus { ACTIVE = "ACTIVE", SUSPENDED = "SUSPENDED" }
registerEnumType(InstitutionStatus, { name: "InstitutionStatus", description: "A SUSPENDED institution's users and systems are refused on their next request" });

/** The institution directory: public facts about an institution, no patient data. */
@ObjectType("Organization")
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => ID, { description: "10-digit institution code" }) @Category(NON_PATIENT) id!: string;
  @Field(() => String) @Category(NON_PATIENT) name!: string;
  @Field(() => InstitutionKind) @Category(NON_PATIENT) kind!: string;
  @Field(() => String, { description: "Prefecture code (JIS X 0401)" }) @Category(NON_PATIENT) prefecture!: string;
  @Field(() => InstitutionStatus) @Category(NON_PATIENT) status!: string;
  // Registry details that only policy admins and the institution itself see (null for everyone else).
  @Field(() => String, { nullable: true, description: "Contact for trust matters (person, phone, e-mail); policy admins and the institution itself, else null" })
  @Category(NON_PATIENT) contact!: string | null;
  @Field(() => String, { nullable: true, description: "Why it was last suspended or reinstated; policy admins and the institution itself, else null" })
  @Category(NON_PATIENT) statusReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the status last changed; policy admins and the institution itself, else null" })
  @Category(NON_PATIENT) statusChangedAt!: Date | null;
}
