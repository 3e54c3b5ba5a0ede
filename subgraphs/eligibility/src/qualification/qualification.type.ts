import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, DateTimeScalar, NON_PATIENT, OrganizationRef } from "@hub/common";

/** Result of the online qualification check (オンライン資格確認): the values confirmEligibility accepts. */
export enum QualificationStatus { VALID = "VALID", INVALID = "INVALID", EXPIRED = "EXPIRED" }
registerEnumType(QualificationStatus, { name: "QualificationStatus", description: "有効 (VALID), 無効 (INVALID) or 期限切れ (EXPIRED)" });

@ObjectType({ description: "Latest online qualification result (オンライン資格確認) and card-reader consent flags" })
export class Eligibility {
  patientId!: string;
  sourceOrgId!: string;
  @Field(() => ID) @Category("eligibility") id!: string;
  @Field(() => OrganizationRef, { description: "Institution that read the card" }) @Category("eligibility") organization!: OrganizationRef;
  @Field(() => String, { description: "保険者番号 (8 digits)" }) @Category("eligibility") insurerNumber!: string;
  @Field(() => String, { description: "記号" }) @Category("eligibility") symbol!: string;
  @Field(() => String, { description: "番号" }) @Category("eligibility") number!: string;
  @Field(() => String, { nullable: true, description: "枝番" }) @Category("eligibility") branch!: string | null;
  @Field(() => QualificationStatus) @Category("eligibility") status!: string;
  @Field(() => Int, { nullable: true, description: "Co-payment ratio in percent" }) @Category("eligibility") copayRatio!: number | null;
  @Field(() => String, { nullable: true, description: "限度額適用認定証区分" }) @Category("eligibility") limitCategory!: string | null;
  @Field(() => DateTimeScalar) @Category("eligibility") confirmedAt!: Date;
  @Field(() => [String], { description: "Card-reader consent flags given at this reading (diagnosis, medication, checkup, surgery)" })
  @Category("eligibility") consentFlags!: string[];
}

@ObjectType("Patient")
@Directive('@key(fields: "id")')
export class EligibilityPatient {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
}
