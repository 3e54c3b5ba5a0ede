import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DataCategoryEnum, DateTimeScalar, JSONScalar, NON_PATIENT } from "@hub/common";
import { Organization } from "../organization/organization.type.js";
import { PatientRef } from "../me/patient.type.js";

export enum ConsultationStatus { PENDING = "PENDING", OPEN = "OPEN", ANSWERED = "ANSWERED", DECLINED = "DECLINED", WITHDRAWN = "WITHDRAWN", EXPIRED = "EXPIRED" }
registerEnumType(ConsultationStatus, {
  name: "ConsultationStatus",
  description: "PENDING: waiting for the patient; OPEN: the specialist may read and answer; ANSWERED, DECLINED, WITHDRAWN, EXPIRED: closed, the specialist's access has ended",
});

export enum ConsultationBox { INBOX = "INBOX", SENT = "SENT" }
registerEnumType(ConsultationBox, { name: "ConsultationBox", description: "INBOX: consultations addressed to you; SENT: those you requested" });

export enum ConsultationBasis { PATIENT_APPROVAL = "PATIENT_APPROVAL", ONWARD_SHARING = "ONWARD_SHARING" }
registerEnumType(ConsultationBasis, { name: "ConsultationBasis", description: "What lets the specialist read: the patient's approval, or the onward-sharing consent she gave the requester" });

@ObjectType({ description: "The specialist's answer: text, and FHIR R4 resources (validated) when given" })
export class ConsultationAnswer {
  @Field(() => String) @Category(NON_PATIENT) text!: string;
  @Field(() => [JSONScalar]) @Category(NON_PATIENT) resources!: Record<string, unknown>[];
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) answeredAt!: Date;
}

/**
 * A consultation between doctors (the requester's question, the specialist's answer). Its fields are the parties'
 * correspondence, shown only to them and the patient (the operations decide who is a party); the patient data it
 * leads to is `patient`, decided field by field by the PDP like any read. The specialist sees the patient under
 * `linkedId` only: `patientId` is null for them.
 */
@ObjectType({ description: "A consultation between a treating doctor and a specialist" })
export class Consultation {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ConsultationStatus) @Category(NON_PATIENT) status!: ConsultationStatus;
  @Field(() => String) @Category(NON_PATIENT) question!: string;
  @Field(() => [DataCategoryEnum], { description: "What the specialist may read (while OPEN)" }) @Category(NON_PATIENT) categories!: DataCategoryEnum[];
  @Field(() => [ID], { nullable: true, description: "Only these records; null = every record of the categories" }) @Category(NON_PATIENT) recordIds!: string[] | null;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) expiresAt!: Date;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => Organization, { nullable: true }) @Category(NON_PATIENT) requesterOrganization!: Organization | null;
  @Field(() => ID) @Category(NON_PATIENT) requesterPractitionerId!: string;
  @Field(() => Organization, { nullable: true }) @Category(NON_PATIENT) specialistOrganization!: Organization | null;
  @Field(() => ID) @Category(NON_PATIENT) specialistPractitionerId!: string;
  @Field(() => String, { description: "連結ID: the patient's id within this consultation (stable for it, unlinkable across consultations)" }) @Category(NON_PATIENT) linkedId!: string;
  @Field(() => ID, { nullable: true, description: "The patient's hub id: for the requester and the patient; null for the specialist" }) @Category(NON_PATIENT) patientId!: string | null;
  @Field(() => PatientRef, { description: "The patient, under her linked id for the specialist; every field decided by the PDP" }) @Category(NON_PATIENT) patient!: PatientRef;
  @Field(() => Boolean, { description: "The patient chose to let the specialist see who she is (demographics)" }) @Category(NON_PATIENT) identityShared!: boolean;
  @Field(() => ConsultationBasis, { nullable: true, description: "null while PENDING or DECLINED" }) @Category(NON_PATIENT) basis!: ConsultationBasis | null;
  @Field(() => ConsultationAnswer, { nullable: true }) @Category(NON_PATIENT) answer!: ConsultationAnswer | null;
  requesterOrg!: string;
  specialistOrg!: string;
}

export const ConsultationConnection = ConnectionOf(Consultation, NON_PATIENT);

/** The patient's own view of her consultations (her consents' business: category `consent`). */
@ObjectType({ description: "A consultation about you, as you see it" })
export class PatientConsultation {
  /** Whose it is: the PEP decides each field as the patient's `consent` data. */
  patientId!: string;
  @Field(() => ID) @Category("consent") id!: string;
  @Field(() => ConsultationStatus) @Category("consent") status!: ConsultationStatus;
  @Field(() => String) @Category("consent") question!: string;
  @Field(() => [DataCategoryEnum]) @Category("consent") categories!: DataCategoryEnum[];
  @Field(() => [ID], { nullable: true }) @Category("consent") recordIds!: string[] | null;
  @Field(() => DateTimeScalar) @Category("consent") expiresAt!: Date;
  @Field(() => DateTimeScalar) @Category("consent") createdAt!: Date;
  @Field(() => ID) @Category("consent") requesterOrganizationId!: string;
  @Field(() => ID) @Category("consent") requesterPractitionerId!: string;
  @Field(() => ID) @Category("consent") specialistOrganizationId!: string;
  @Field(() => ID) @Category("consent") specialistPractitionerId!: string;
  @Field(() => String) @Category("consent") linkedId!: string;
  @Field(() => Boolean) @Category("consent") identityShared!: boolean;
  @Field(() => ConsultationBasis, { nullable: true }) @Category("consent") basis!: ConsultationBasis | null;
  @Field(() => ConsultationAnswer, { nullable: true }) @Category("consent") answer!: ConsultationAnswer | null;
}
export const PatientConsultationConnection = ConnectionOf(PatientConsultation, "consent");
