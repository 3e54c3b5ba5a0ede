import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DataCategoryEnum, DateTimeScalar, JSONScalar, NON_PATIENT } from "@hub/common";
import { NOTIFICATION_KINDS } from "@hub/policies";
import { PatientRef } from "../me/patient.type.js";

export const NotificationKind = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k])) as Record<(typeof NOTIFICATION_KINDS)[number], string>;
registerEnumType(NotificationKind, {
  name: "NotificationKind",
  description: "What happened: an emergency access, a new or withdrawn document, an incoming document, a consent created for you or granted / revoked to your institution, a step of a consultation",
});

/**
 * A notification: what happened, to which resource, by which institution. It carries ids, never clinical content;
 * opening the resource is a read the PDP decides. Fields are the recipient's own (NON_PATIENT: they hold no patient
 * data beyond ids the recipient already may know, and a specialist gets the linked id, never the hub id).
 */
@ObjectType({ description: "Something that happened that concerns you" })
export class Notification {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => NotificationKind) @Category(NON_PATIENT) kind!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) at!: Date;
  @Field(() => Boolean) @Category(NON_PATIENT) read!: boolean;
  @Field(() => String, { description: "patient:<id>, user:<institution>:<sub> or org:<institution>" }) @Category(NON_PATIENT) recipient!: string;
  @Field(() => JSONScalar, { description: "Ids of what it is about (documentId, consultationId, linkedId, organizationId, …)" }) @Category(NON_PATIENT) data!: Record<string, unknown>;
}
export const NotificationConnection = ConnectionOf(Notification, NON_PATIENT);

@ObjectType({ description: "A patient who currently consents to your institution" })
export class ConsentingPatient {
  @Field(() => PatientRef) @Category(NON_PATIENT) patient!: PatientRef;
  @Field(() => ID) @Category(NON_PATIENT) consentId!: string;
  @Field(() => [DataCategoryEnum], { nullable: true, description: "null = all categories" }) @Category(NON_PATIENT) categories!: string[] | null;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) grantedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(NON_PATIENT) expiresAt!: Date | null;
}
export const ConsentingPatientConnection = ConnectionOf(ConsentingPatient, NON_PATIENT);

@ObjectType({ description: "An endpoint of your institution's system that receives notifications (signed webhooks)" })
export class WebhookEndpoint {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => String) @Category(NON_PATIENT) url!: string;
  @Field(() => Boolean) @Category(NON_PATIENT) active!: boolean;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => String, { nullable: true, description: "The signing secret: shown once, at registration" }) @Category(NON_PATIENT) secret!: string | null;
}

@ObjectType({ description: "A delivery that failed its last attempt (dead letter)" })
export class WebhookDeadLetter {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) endpointId!: string;
  @Field(() => Int) @Category(NON_PATIENT) attempts!: number;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) lastError!: string | null;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => Notification) @Category(NON_PATIENT) notification!: Notification;
}
export const WebhookDeadLetterConnection = ConnectionOf(WebhookDeadLetter, NON_PATIENT);
