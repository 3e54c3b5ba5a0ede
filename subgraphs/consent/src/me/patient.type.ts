import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

/** The consent subgraph's part of Patient: consents, seals and the access log. */
@ObjectType("Patient")
@Directive('@key(fields: "id")')
export class PatientRef {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
}
