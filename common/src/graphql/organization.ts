import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "./category.js";

/**
 * Reference to an institution. The institution directory (consent subgraph) resolves its fields; other
 * subgraphs only hold the key.
 */
@ObjectType("Organization")
@Directive('@key(fields: "id", resolvable: false)')
export class OrganizationRef {
  @Field(() => ID, { description: "10-digit institution code" }) @Category(NON_PATIENT) id!: string;
}

export function orgRef(id: string | null | undefined): OrganizationRef | null {
  return id ? { id } : null;
}
