import { Field, ObjectType, Query, Resolver } from "type-graphql";
import { Category, NON_PATIENT, Operation, RoleEnum, requestContext } from "@hub/common";
import { PurposeOfUse } from "../consent/consent.type.js";

@ObjectType({ description: "The caller as the hub sees it" })
export class Me {
  @Field(() => String) @Category(NON_PATIENT) sub!: string;
  @Field(() => RoleEnum) @Category(NON_PATIENT) role!: string;
  @Field(() => String, { nullable: true, description: "10-digit institution code" }) @Category(NON_PATIENT) org!: string | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) patientId!: string | null;
  @Field(() => PurposeOfUse, { description: "Purpose of use of this request" }) @Category(NON_PATIENT) purpose!: string;
  @Field(() => Boolean, { description: "Two-factor login" }) @Category(NON_PATIENT) mfa!: boolean;
}

@Resolver()
export class MeResolver {
  @Query(() => Me) @Category(NON_PATIENT) @Operation("whoami")
  me(): Me {
    const { actor, purpose } = requestContext();
    return { sub: actor.sub, role: actor.role, org: actor.org ?? null, patientId: actor.patientId ?? null, purpose, mfa: actor.amr.includes("mfa") };
  }
}
