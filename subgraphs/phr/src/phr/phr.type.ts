import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import { Category, ConnectionOf, DateTimeScalar, JSONScalar, NON_PATIENT, OrganizationRef } from "@hub/common";

@ObjectType({ description: "A vital sign recorded by the patient" })
export class Vital {
  patientId!: string;
  @Field(() => ID) @Category("phr_vital") id!: string;
  @Field(() => String, { description: "blood_pressure | weight | glucose | steps | body_temperature | pulse" }) @Category("phr_vital") kind!: string;
  @Field(() => Float) @Category("phr_vital") value!: number;
  @Field(() => Float, { nullable: true, description: "Diastolic value for blood_pressure" }) @Category("phr_vital") value2!: number | null;
  @Field(() => String) @Category("phr_vital") unit!: string;
  @Field(() => DateTimeScalar) @Category("phr_vital") measuredAt!: Date;
}

@ObjectType({ description: "問診票: a questionnaire sent to an institution before a visit" })
export class Questionnaire {
  patientId!: string;
  sourceOrgId!: string;
  @Field(() => ID) @Category("phr_questionnaire") id!: string;
  @Field(() => OrganizationRef) @Category("phr_questionnaire") organization!: OrganizationRef;
  @Field(() => JSONScalar) @Category("phr_questionnaire") answers!: object;
  @Field(() => DateTimeScalar) @Category("phr_questionnaire") submittedAt!: Date;
}

@ObjectType({ description: "A reservation (受診予約) at an institution" })
export class Reservation {
  patientId!: string;
  sourceOrgId!: string;
  @Field(() => ID) @Category("reservation") id!: string;
  @Field(() => OrganizationRef) @Category("reservation") organization!: OrganizationRef;
  @Field(() => String, { description: "YYYY-MM-DD" }) @Category("reservation") date!: string;
  @Field(() => String, { description: "BOOKED | CANCELLED" }) @Category("reservation") status!: string;
}

export const VitalConnection = ConnectionOf(Vital, "phr_vital");
export const QuestionnaireConnection = ConnectionOf(Questionnaire, "phr_questionnaire");
export const ReservationConnection = ConnectionOf(Reservation, "reservation");

@ObjectType("Patient")
@Directive('@key(fields: "id")')
export class PhrPatient {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
}
