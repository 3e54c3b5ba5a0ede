import { Field, ID, ObjectType, type ClassType } from "type-graphql";
import { Category, DateTimeScalar, JSONScalar, OrganizationRef, type Classification, type DataCategory } from "@hub/common";

/** Fields every clinical record has (SPEC §5), classified with the record type's data category. */
export interface RecordView {
  id: string;
  patientId: string;
  category: DataCategory;
  sourceOrgId: string;
  withheld: boolean;
  recordedAt: Date;
  sourceOrganization: OrganizationRef;
  fhir: object;
  code: string | null;
  codeSystem: string | null;
  display: string | null;
  status: string | null;
  effectiveAt: Date | null;
  valueText: string | null;
  valueNum: number | null;
  unit: string | null;
}

export function RecordBase(name: string, category: Classification): ClassType<RecordView> {
  @ObjectType(`${name}Fields`)
  abstract class Base {
    @Field(() => ID) @Category(category) id!: string;
    @Field(() => OrganizationRef, { description: "Institution that recorded it" }) @Category(category) sourceOrganization!: OrganizationRef;
    @Field(() => DateTimeScalar) @Category(category) recordedAt!: Date;
    @Field(() => JSONScalar, { description: "The stored FHIR resource" }) @Category(category) fhir!: Record<string, unknown>;
    @Field(() => String, { nullable: true, description: "Code of the coded concept" }) @Category(category) code!: string | null;
    @Field(() => String, { nullable: true, description: "Code system URI" }) @Category(category) codeSystem!: string | null;
    @Field(() => String, { nullable: true, description: "Display text of the coded concept" }) @Category(category) display!: string | null;
  }
  return Base as unknown as ClassType<RecordView>;
}
