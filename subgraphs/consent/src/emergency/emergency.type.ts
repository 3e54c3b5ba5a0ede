import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Category, DateTimeScalar, NON_PATIENT, RoleEnum } from "@hub/common";

export enum EmergencyReason { EMERGENCY = "EMERGENCY", DISASTER = "DISASTER" }
registerEnumType(EmergencyReason, { name: "EmergencyReason", description: "救急 (EMERGENCY) or 災害 (DISASTER)" });

export enum ReviewOutcome { APPROPRIATE = "APPROPRIATE", INAPPROPRIATE = "INAPPROPRIATE", NEEDS_FOLLOW_UP = "NEEDS_FOLLOW_UP" }
registerEnumType(ReviewOutcome, { name: "ReviewOutcome" });
export enum ReviewStatus { PENDING = "PENDING", REVIEWED = "REVIEWED" }
registerEnumType(ReviewStatus, { name: "ReviewStatus", description: "Whether the privacy officer has reviewed the grant" });

export enum EmergencyAccessScope { BREAK_GLASS = "ACTOR", DISASTER_IDENTIFICATION = "INSTITUTION" }
registerEnumType(EmergencyAccessScope, {
  name: "EmergencyAccessScope",
  description: "BREAK_GLASS: one actor and the team they named (ETREAT); DISASTER_IDENTIFICATION: the institution that identified the patient under a declaration (DISASTER)",
});

@ObjectType({ description: "A colleague named on a break-glass grant: reads under their own identity within the grant's scope and time" })
export class EmergencyTeamMember {
  @Field(() => String) @Category(NON_PATIENT) sub!: string;
  @Field(() => RoleEnum) @Category(NON_PATIENT) role!: string;
}

@InputType({ description: "A team member of the caller's institution (the policy decides which roles may be named: join-emergency-team)" })
export class EmergencyTeamMemberInput {
  @Field(() => String, { description: "The member's subject (as in their token)" }) sub!: string;
  @Field(() => RoleEnum) role!: string;
}

@ObjectType({ description: "A break-glass grant: send its id as x-emergency-access with x-purpose-of-use: ETREAT" })
export class EmergencyAccess {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) patientId!: string;
  @Field(() => EmergencyReason) @Category(NON_PATIENT) reason!: EmergencyReason;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) startedAt!: Date;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) expiresAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(NON_PATIENT) endedAt!: Date | null;
  @Field(() => [EmergencyTeamMember], { description: "Colleagues named on the grant" }) @Category(NON_PATIENT) team!: EmergencyTeamMember[];
}

@InputType()
export class StartEmergencyAccessInput {
  @Field(() => ID) patientId!: string;
  @Field(() => EmergencyReason) reason!: EmergencyReason;
  @Field(() => String, { description: "Why the patient cannot consent and what is needed (at least 10 characters)" }) justification!: string;
  @Field(() => ID, { nullable: true, description: "Required for DISASTER" }) disasterId?: string | null;
  @Field(() => [EmergencyTeamMemberInput], { nullable: true, description: "Colleagues of the caller's institution who read under this grant (10 at most)" })
  team?: EmergencyTeamMemberInput[] | null;
}

@ObjectType({ description: "A break-glass grant waiting for (or after) review by the responder institution's privacy officer" })
export class EmergencyAccessReview {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) patientId!: string;
  @Field(() => String) @Category(NON_PATIENT) actorSub!: string;
  @Field(() => RoleEnum) @Category(NON_PATIENT) actorRole!: string;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) actorOrg!: string | null;
  @Field(() => EmergencyReason) @Category(NON_PATIENT) reason!: EmergencyReason;
  @Field(() => String) @Category(NON_PATIENT) justification!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) startedAt!: Date;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) expiresAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(NON_PATIENT) endedAt!: Date | null;
  @Field(() => ReviewStatus) @Category(NON_PATIENT) reviewStatus!: string;
  @Field(() => ReviewOutcome, { nullable: true }) @Category(NON_PATIENT) reviewOutcome!: ReviewOutcome | null;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) reviewComment!: string | null;
  @Field(() => EmergencyAccessScope) @Category(NON_PATIENT) scope!: EmergencyAccessScope;
  @Field(() => [EmergencyTeamMember]) @Category(NON_PATIENT) team!: EmergencyTeamMember[];
  @Field(() => String, { nullable: true, description: "How the patient was identified (CARD, SEARCH) for a disaster identification" }) @Category(NON_PATIENT) identifiedBy!: string | null;
  @Field(() => Boolean, { description: "false when the id named no patient (the start was recorded and answered like any other)" }) @Category(NON_PATIENT) patientKnown!: boolean;
}

@ObjectType({ description: "A declared disaster (災害時): institutions in its prefectures and those dispatched into it act under it" })
export class Disaster {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => String) @Category(NON_PATIENT) name!: string;
  @Field(() => [String], { description: "Prefecture codes (JIS X 0401)" }) @Category(NON_PATIENT) regions!: string[];
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) startsAt!: Date;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) endsAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(NON_PATIENT) endedAt!: Date | null;
  @Field(() => [String], { description: "Institutions dispatched into the area from elsewhere (DMAT and the like)" }) @Category(NON_PATIENT) dispatchedOrganizationIds!: string[];
}

@InputType()
export class DeclareDisasterInput {
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "Prefecture codes, 2 digits (13 = Tokyo, 27 = Osaka)" }) regions!: string[];
  @Field(() => [String], { nullable: true, description: "Institution codes of teams dispatched into the area from elsewhere (DMAT): they act as if in the region" })
  dispatchedOrganizationIds?: string[] | null;
  @Field(() => DateTimeScalar) startsAt!: Date;
  @Field(() => DateTimeScalar) endsAt!: Date;
}
