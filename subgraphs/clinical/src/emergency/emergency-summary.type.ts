import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

/**
 * What a responder's screen needs, in one query (救急時医療情報閲覧の要約). Each list is decided as its own category,
 * so under ETREAT it shows exactly the emergency set and nothing sealed.
 */
@ObjectType({ description: "Emergency summary for a responder: allergies, contraindications, infections, active conditions, current prescriptions, latest emergency labs" })
@Directive('@key(fields: "patientId")')
export class EmergencySummary {
  @Field(() => ID) @Category(NON_PATIENT) patientId!: string;
}
