import { Arg, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, NON_PATIENT, NotFoundError, caller, Operation } from "@hub/common";
import { declareDisaster, disastersInForce, endDisaster, type DisasterRecord } from "@hub/policies";
import { isActiveInstitution } from "../organization/organization.store.js";
import { DeclareDisasterInput, Disaster } from "./emergency.type.js";

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const MAX_DISPATCHED = 500;

const toDisaster = (d: DisasterRecord): Disaster => ({
  id: d.id, name: d.name, regions: [...d.regions], startsAt: d.startsAt, endsAt: d.endsAt, endedAt: d.endedAt, dispatchedOrganizationIds: [...d.dispatched],
});

/**
 * 災害時: a policy admin declares a disaster for prefectures and a period, naming the institutions dispatched into it
 * from elsewhere (DMAT teams keep their home institution's code). Written through the disaster store, which owns
 * the declaration's meaning (policies/src/attributes/emergency/disaster.rule.ts).
 */
@Resolver()
export class DisasterResolver {
  @Mutation(() => Disaster, { description: "Declare a disaster (災害時) for prefectures and a period, with the institutions dispatched into it" }) @Category(NON_PATIENT) @Operation("declare-disaster")
  async declareDisaster(@Arg("input", () => DeclareDisasterInput) input: DeclareDisasterInput): Promise<Disaster> {
    const by = caller().sub;
    const regions = [...new Set(input.regions)];
    if (regions.length === 0 || !regions.every((r) => PREFECTURE.test(r))) {
      throw new BadUserInputError("regions must be prefecture codes 01–47", { argument: "regions" });
    }
    if (!input.name.trim() || input.name.length > 200) throw new BadUserInputError("name is required (200 characters at most)", { argument: "name" });
    if (input.endsAt <= input.startsAt) throw new BadUserInputError("endsAt must be after startsAt", { argument: "endsAt" });
    const dispatched = [...new Set(input.dispatchedOrganizationIds ?? [])];
    if (dispatched.length > MAX_DISPATCHED) throw new BadUserInputError(`at most ${MAX_DISPATCHED} dispatched institutions`, { argument: "dispatchedOrganizationIds" });
    for (const org of dispatched) {
      if (!(await isActiveInstitution(org))) throw new BadUserInputError(`dispatched institution ${org} is not an active registered institution`, { argument: "dispatchedOrganizationIds" });
    }
    return toDisaster(await declareDisaster({ name: input.name.trim(), regions, dispatched, startsAt: input.startsAt, endsAt: input.endsAt, declaredBy: by }));
  }

  @Mutation(() => Disaster, { description: "End a disaster declaration now" }) @Category(NON_PATIENT) @Operation("declare-disaster")
  async endDisaster(@Arg("id", () => ID) id: string): Promise<Disaster> {
    const row = await endDisaster(id);
    if (!row) throw new NotFoundError("disaster not found");
    return toDisaster(row);
  }

  @Query(() => [Disaster], { description: "Disaster declarations that are active now" }) @Category(NON_PATIENT) @Operation("read-disasters")
  async activeDisasters(): Promise<Disaster[]> {
    return (await disastersInForce(new Date())).map(toDisaster);
  }
}
