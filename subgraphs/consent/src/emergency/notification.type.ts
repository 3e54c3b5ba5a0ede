import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, RoleEnum } from "@hub/common";
import { Organization } from "../organization/organization.type.js";

export enum EmergencyNotificationKind { EMERGENCY_ACCESS = "EMERGENCY_ACCESS", DISASTER_ACCESS = "DISASTER_ACCESS", EMERGENCY_LOOKUP = "EMERGENCY_LOOKUP" }
registerEnumType(EmergencyNotificationKind, {
  name: "EmergencyNotificationKind",
  description: "EMERGENCY_ACCESS: someone broke the glass; DISASTER_ACCESS: an institution identified you under a declared disaster; EMERGENCY_LOOKUP: you matched an emergency lookup",
});

@ObjectType({ description: "A notice to the patient of an emergency or disaster act on her data (until the hub's general notifications take these over)" })
export class EmergencyNotification {
  organizationId!: string | null;
  @Field(() => ID) @Category("access_log") id!: string;
  @Field(() => DateTimeScalar) @Category("access_log") at!: Date;
  @Field(() => EmergencyNotificationKind) @Category("access_log") kind!: EmergencyNotificationKind;
  @Field(() => Organization, { nullable: true, description: "The institution that acted" }) @Category("access_log") organization!: Organization | null;
  @Field(() => RoleEnum) @Category("access_log") actorRole!: string;
  @Field(() => ID, { nullable: true, description: "The grant or identification (its reads are in the access log)" }) @Category("access_log") emergencyAccessId!: string | null;
  @Field(() => ID, { nullable: true }) @Category("access_log") disasterId!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Until when the access lasts" }) @Category("access_log") until!: Date | null;
  @Field(() => Int, { description: "Team members named with a break-glass grant" }) @Category("access_log") teamSize!: number;
}

export const EmergencyNotificationConnection = ConnectionOf(EmergencyNotification, "access_log");
