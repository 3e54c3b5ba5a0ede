import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Category, DateTimeScalar, NON_PATIENT } from "@hub/common";
import { Organization } from "../organization/organization.type.js";

export enum SystemClientKind {
  EHR = "EHR", DOCUMENT_WRITER = "DOCUMENT_WRITER", LABORATORY = "LABORATORY", IMAGING = "IMAGING",
  PHARMACY = "PHARMACY", OTHER = "OTHER",
}
registerEnumType(SystemClientKind, { name: "SystemClientKind", description: "電子カルテ, 文書作成システム, 検査部門システム, 画像部門システム, 薬局システム, other" });

export enum CredentialStatus { ACTIVE = "ACTIVE", REVOKED = "REVOKED" }
registerEnumType(CredentialStatus, { name: "CredentialStatus", description: "A system client or key: ACTIVE, or REVOKED for good" });
export enum KeyAlgorithm { RS256 = "RS256", ES256 = "ES256" }
registerEnumType(KeyAlgorithm, { name: "KeyAlgorithm", description: "JWS algorithm of a client key (RFC 7518)" });

@ObjectType({ description: "A public key (JWK) a system client signs its token requests with" })
export class SystemClientKey {
  @Field(() => String, { description: "Key id: the JWK's kid, or its RFC 7638 thumbprint" }) @Category(NON_PATIENT) kid!: string;
  @Field(() => KeyAlgorithm) @Category(NON_PATIENT) alg!: string;
  @Field(() => CredentialStatus) @Category(NON_PATIENT) status!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @Category(NON_PATIENT) revokedAt!: Date | null;
}

@ObjectType({ description: "An institution's system registered as an OAuth client (client credentials with private_key_jwt)" })
export class SystemClient {
  @Field(() => ID, { description: "client_id: iss and sub of the client's assertions, sub of its access tokens" }) @Category(NON_PATIENT) id!: string;
  @Field(() => Organization, { description: "The institution the client acts for" }) @Category(NON_PATIENT) organization!: Organization;
  @Field(() => String) @Category(NON_PATIENT) name!: string;
  @Field(() => SystemClientKind) @Category(NON_PATIENT) kind!: SystemClientKind;
  @Field(() => [String], { description: "Granted scopes: a token carries these or the subset asked for" }) @Category(NON_PATIENT) scopes!: string[];
  @Field(() => CredentialStatus) @Category(NON_PATIENT) status!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => [SystemClientKey], { description: "Keys, newest first; at most two ACTIVE" }) @Category(NON_PATIENT) keys!: SystemClientKey[];
}
