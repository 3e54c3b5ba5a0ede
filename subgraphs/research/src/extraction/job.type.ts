import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Category, JSONScalar, NON_PATIENT, PageInfo } from "@hub/common";

export enum ExtractionStatus { QUEUED = "QUEUED", RUNNING = "RUNNING", SUCCEEDED = "SUCCEEDED", FAILED = "FAILED", CANCELLED = "CANCELLED" }
registerEnumType(ExtractionStatus, { name: "ExtractionStatus" });

@ObjectType({ description: "What k-anonymity did to the release: the generalisation chosen and what was suppressed" })
export class AnonymityReport {
  @Field(() => Int) @Category(NON_PATIENT) k!: number;
  @Field(() => Int, { description: "0: 5-year bands + prefecture; 1: 10-year bands; 2: 10-year bands, no prefecture; 3: 20-year bands, no prefecture" })
  @Category(NON_PATIENT) level!: number;
  @Field(() => Int) @Category(NON_PATIENT) ageBandYears!: number;
  @Field(() => Boolean) @Category(NON_PATIENT) prefectureDropped!: boolean;
  @Field(() => Int) @Category(NON_PATIENT) cohortPatients!: number;
  @Field(() => Int) @Category(NON_PATIENT) releasedPatients!: number;
  @Field(() => Int) @Category(NON_PATIENT) suppressedPatients!: number;
  @Field(() => Int) @Category(NON_PATIENT) suppressedGroups!: number;
  @Field(() => Int) @Category(NON_PATIENT) releasedGroups!: number;
  @Field(() => Int, { nullable: true }) @Category(NON_PATIENT) smallestReleasedGroup!: number | null;
}

@ObjectType({ description: "One output file of a finished extraction" })
export class ExtractionOutput {
  @Field(() => String) @Category(NON_PATIENT) type!: string;
  @Field(() => String) @Category(NON_PATIENT) url!: string;
  @Field(() => Int) @Category(NON_PATIENT) count!: number;
}

@ObjectType({ description: "A pseudonymised extraction run of an approved dataset request" })
export class ExtractionJob {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) requestId!: string;
  @Field(() => ID) @Category(NON_PATIENT) projectId!: string;
  @Field(() => ExtractionStatus) @Category(NON_PATIENT) status!: ExtractionStatus;
  @Field(() => Int, { description: "0 to 100" }) @Category(NON_PATIENT) progress!: number;
  @Field(() => String, { description: "cohort, anonymise, patients, records or publish" }) @Category(NON_PATIENT) phase!: string;
  @Field(() => Int) @Category(NON_PATIENT) attempts!: number;
  @Field(() => JSONScalar, { description: "Released patients and resources per type; records planned and processed" }) @Category(NON_PATIENT) counts!: unknown;
  @Field(() => AnonymityReport, { nullable: true }) @Category(NON_PATIENT) anonymity!: AnonymityReport | null;
  @Field(() => [String]) @Category(NON_PATIENT) errors!: string[];
  @Field(() => [ExtractionOutput], { description: "Empty until the job has SUCCEEDED" }) @Category(NON_PATIENT) output!: ExtractionOutput[];
  @Field(() => JSONScalar, { nullable: true, description: "FHIR Bulk Data style manifest, once SUCCEEDED" }) @Category(NON_PATIENT) manifest!: unknown;
  @Field(() => Date) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => Date, { nullable: true }) @Category(NON_PATIENT) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) @Category(NON_PATIENT) finishedAt!: Date | null;
}

@ObjectType({ description: "A page of an NDJSON output file: one FHIR resource (JSON) per line" })
export class NdjsonPage {
  @Field(() => ID) @Category(NON_PATIENT) jobId!: string;
  @Field(() => String) @Category(NON_PATIENT) type!: string;
  @Field(() => [String]) @Category(NON_PATIENT) lines!: string[];
  @Field(() => PageInfo) @Category(NON_PATIENT) pageInfo!: PageInfo;
}
