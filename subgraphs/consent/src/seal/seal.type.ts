import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Category, ConnectionOf, DataCategoryEnum, DateTimeScalar } from "@hub/common";

export enum SealLevel { RESTRICTED = "RESTRICTED", SEALED = "SEALED" }
registerEnumType(SealLevel, {
  name: "SealLevel",
  description: "RESTRICTED: visible only through emergency access; SEALED: visible to nobody but the patient",
});

@ObjectType({ description: "A seal (封印) the patient placed on some of their records" })
export class Seal {
  patientId!: string;
  @Field(() => ID) @Category("consent") id!: string;
  @Field(() => SealLevel) @Category("consent") level!: SealLevel;
  @Field(() => ID, { nullable: true }) @Category("consent") sourceOrganizationId!: string | null;
  @Field(() => DataCategoryEnum, { nullable: true }) @Category("consent") category!: DataCategoryEnum | null;
  @Field(() => [ID], { nullable: true }) @Category("consent") recordIds!: string[] | null;
  @Field(() => Boolean) @Category("consent") active!: boolean;
  @Field(() => DateTimeScalar) @Category("consent") createdAt!: Date;
}

export const SealConnection = ConnectionOf(Seal, "consent");

@InputType({ description: "At least one scope field; the fields combine with AND: { sourceOrganizationId: A, category: CONDITION } seals the conditions from A and nothing else" })
export class SealRecordsInput {
  @Field(() => SealLevel) level!: SealLevel;
  @Field(() => ID, { nullable: true }) sourceOrganizationId?: string | null;
  @Field(() => DataCategoryEnum, { nullable: true }) category?: DataCategoryEnum | null;
  @Field(() => [ID], { nullable: true }) recordIds?: string[] | null;
}
