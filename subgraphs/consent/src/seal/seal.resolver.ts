import { Arg, Args, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Category, config, NotFoundError, Operation, PageArgs, paginateArray, type DataCategory , callerPatient } from "@hub/common";
import { placeSeal, removeSeal, sealsOfPatient, withMarker, type SealRecord } from "@hub/policies";
import { Seal, SealConnection, SealRecordsInput } from "./seal.type.js";
import { PatientRef } from "../me/patient.type.js";

const toSeal = (e: SealRecord): Seal => ({ ...e, level: e.level as Seal["level"], category: e.category as Seal["category"] });

@Resolver(() => PatientRef)
export class SealResolver {
  @Mutation(() => Seal, { description: "Seal records: a source institution AND a category AND record ids, whichever are given; effective on the next request" })
  @Category("consent") @Operation("seal", { category: "consent" })
  async sealRecords(@Arg("input", () => SealRecordsInput) input: SealRecordsInput): Promise<Seal> {
    return toSeal(await placeSeal(callerPatient(), { ...input, category: input.category as DataCategory | null | undefined }));
  }

  @Mutation(() => Seal, { description: "Remove a seal" }) @Category("consent") @Operation("unseal", { category: "consent" })
  async unseal(@Arg("id", () => ID) id: string): Promise<Seal> {
    const row = await removeSeal(callerPatient(), id);
    if (!row) throw new NotFoundError("seal not found");
    return toSeal(row);
  }

  @FieldResolver(() => SealConnection, { nullable: true, description: "The patient's seals, newest first" }) @Category("consent")
  async seals(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const rows = await sealsOfPatient(p.id);
    return withMarker(paginateArray(rows.map(toSeal), first, after, config().maxPageSize, (s) => ({ at: s.createdAt.toISOString(), id: s.id })));
  }
}
