import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DataCategoryEnum, DateTimeScalar } from "@hub/common";
import { Organization } from "../organization/organization.type.js";

export enum PurposeOfUse { TREAT = "TREAT", ETREAT = "ETREAT", PATRQT = "PATRQT", HRESCH = "HRESCH", HOPERAT = "HOPERAT", PUBHLTH = "PUBHLTH", DISASTER = "DISASTER" }
registerEnumType(PurposeOfUse, { name: "PurposeOfUse", description: "HL7 v3 PurposeOfUse" });

export enum ConsentStatus { ACTIVE = "ACTIVE", REVOKED = "REVOKED", EXPIRED = "EXPIRED" }
registerEnumType(ConsentStatus, { name: "ConsentStatus" });

/** The act that created a consent (see README, access control): each opens what that act needs, no more. */
export enum ConsentSourceEnum {
  PORTAL = "PORTAL", CARD_READER = "CARD_READER", QUESTIONNAIRE = "QUESTIONNAIRE", RESERVATION = "RESERVATION", EXCHANGE = "EXCHANGE",
  PREFETCH = "PREFETCH", SHARE = "SHARE", CONSULTATION = "CONSULTATION",
}
registerEnumType(ConsentSourceEnum, {
  name: "ConsentSource",
  description: "PORTAL: granted in the portal; CARD_READER: at the card reader; QUESTIONNAIRE / RESERVATION: sending one or booking a visit; EXCHANGE: an exchange number presented; PREFETCH: a document pre-fetched for a booked visit; SHARE: shared by a doctor or by you; CONSULTATION: a specialist consultation",
});

@ObjectType({ description: "A patient's consent for one institution and purpose" })
export class Consent {
  patientId!: string;
  organizationId!: string;
  @Field(() => ID) @Category("consent") id!: string;
  @Field(() => Organization, { nullable: true }) @Category("consent") organization!: Organization | null;
  @Field(() => PurposeOfUse) @Category("consent") purpose!: PurposeOfUse;
  @Field(() => [DataCategoryEnum], { nullable: true, description: "null = all categories" }) @Category("consent") categories!: DataCategoryEnum[] | null;
  @Field(() => ConsentStatus) @Category("consent") status!: ConsentStatus;
  @Field(() => DateTimeScalar) @Category("consent") grantedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category("consent") expiresAt!: Date | null;
  @Field(() => Boolean) @Category("consent") allowOnwardSharing!: boolean;
  @Field(() => String, { nullable: true, description: "Only this practitioner (specialist shares)" }) @Category("consent") practitionerId!: string | null;
  @Field(() => [ID], { nullable: true, description: "Only these records; null = every record of the categories" }) @Category("consent") recordIds!: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Only records from these institutions; null = from any" }) @Category("consent") sourceOrganizationIds!: string[] | null;
  @Field(() => ConsentSourceEnum, { description: "The act that created this consent" }) @Category("consent") source!: ConsentSourceEnum;
}

@InputType()
export class GrantConsentInput {
  @Field(() => ID, { description: "10-digit institution code" }) organizationId!: string;
  @Field(() => PurposeOfUse, { defaultValue: PurposeOfUse.TREAT }) purpose!: PurposeOfUse;
  @Field(() => [DataCategoryEnum], { nullable: true, description: "Omit for all categories" }) categories?: DataCategoryEnum[] | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt?: Date | null;
  @Field(() => Boolean, { defaultValue: false, description: "Let this institution share onward with a specialist (時限付き)" }) allowOnwardSharing!: boolean;
  @Field(() => [ID], { nullable: true, description: "Only these records (omit for every record of the categories)" }) recordIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Only records from these institutions (omit for any)" }) sourceOrganizationIds?: string[] | null;
}

export const ConsentConnection = ConnectionOf(Consent, "consent");
