import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";

/** The shared patient entity. `id` is the key the caller already holds; every other field is patient data. */
@ObjectType({ description: "A patient. Clinical owns the core fields; other subgraphs add theirs." })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  /** The linked id the caller reached her under (see policies' linked-id store); shown as `id`. */
  shownId?: string;
}
