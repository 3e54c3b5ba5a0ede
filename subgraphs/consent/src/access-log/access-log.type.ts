import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, RoleEnum } from "@hub/common";
import { Organization } from "../organization/organization.type.js";
import { PurposeOfUse } from "../consent/consent.type.js";

export enum AccessDecision { ALLOW = "ALLOW", DENY = "DENY" }
registerEnumType(AccessDecision, { name: "AccessDecision", description: "The access decision recorded for a read" });

@ObjectType({ description: "Who looked at (or tried to look at) the patient's data, newest first" })
export class AccessLogEntry {
  patientId!: string;
  organizationId!: string | null;
  seq!: number;
  @Field(() => DateTimeScalar) @Category("access_log") at!: Date;
  @Field(() => Organization, { nullable: true, description: "The caller's institution" }) @Category("access_log") organization!: Organization | null;
  @Field(() => RoleEnum) @Category("access_log") actorRole!: string;
  @Field(() => String, { nullable: true, description: "Data category accessed" }) @Category("access_log") category!: string | null;
  @Field(() => PurposeOfUse, { nullable: true, description: "Purpose of use" }) @Category("access_log") purpose!: string | null;
  @Field(() => AccessDecision, { nullable: true, description: "ALLOW or DENY (null for events that are not reads)" }) @Category("access_log") decision!: string | null;
  @Field(() => Boolean, { description: "Access under emergency (break-glass) or disaster rules" }) @Category("access_log") emergency!: boolean;
  @Field(() => String, { description: "access | consent-granted | consent-revoked | consent-ended | consent-shared | seal-placed | seal-removed | emergency-started | emergency-ended | emergency-lookup | access-explained | document-… | …" })
  @Category("access_log") event!: string;
  @Field(() => Int, { description: "How many events this line stands for: repeated denials of one actor for one category in the same hour are one line" })
  @Category("access_log") count!: number;
}

export const AccessLogConnection = ConnectionOf(AccessLogEntry, "access_log");
