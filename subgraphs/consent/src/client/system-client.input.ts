import { Field, ID, InputType } from "type-graphql";
import { JSONScalar } from "@hub/common";
import { SystemClientKind } from "./system-client.type.js";

@InputType({ description: "A system client for an institution, with its first public key" })
export class RegisterSystemClientInput {
  @Field(() => ID, { description: "The institution the client acts for (10 digits, ACTIVE in the registry)" }) organizationId!: string;
  @Field(() => String) name!: string;
  @Field(() => SystemClientKind) kind!: SystemClientKind;
  @Field(() => [String], { description: "Scopes granted, e.g. documents.write clinical.write documents.read" }) scopes!: string[];
  @Field(() => JSONScalar, { description: "Public key as a JWK: RSA (2048 bits or more, RS256) or EC P-256 (ES256); private parts are refused" })
  jwk!: unknown;
}
