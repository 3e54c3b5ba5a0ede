import { randomUUID } from "node:crypto";
import { Arg, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, dataSource, NON_PATIENT, NotFoundError, caller, Operation } from "@hub/common";
import { audit } from "@hub/policies";
import { DisasterEntity } from "./emergency.entity.js";
import { DeclareDisasterInput, Disaster } from "./emergency.type.js";

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;


@Resolver()
export class DisasterResolver {
  @Mutation(() => Disaster, { description: "Declare a disaster (災害時) for prefectures and a period" }) @Category(NON_PATIENT) @Operation("declare-disaster")
  async declareDisaster(@Arg("input", () => DeclareDisasterInput) input: DeclareDisasterInput): Promise<Disaster> {
    const by = caller().sub;
    const regions = [...new Set(input.regions)];
    if (regions.length === 0 || !regions.every((r) => PREFECTURE.test(r))) {
      throw new BadUserInputError("regions must be prefecture codes 01–47", { argument: "regions" });
    }
    if (!input.name.trim() || input.name.length > 200) throw new BadUserInputError("name is required (200 characters at most)", { argument: "name" });
    if (input.endsAt <= input.startsAt) throw new BadUserInputError("endsAt must be after startsAt", { argument: "endsAt" });
    const row: DisasterEntity = { id: randomUUID(), name: input.name.trim(), regions, startsAt: input.startsAt, endsAt: input.endsAt, endedAt: null, declaredBy: by, declaredAt: new Date() };
    await dataSource("consent").getRepository(DisasterEntity).insert(row);
    await audit().event({ eventType: "policy-changed", detail: { action: "disaster-declared", disasterId: row.id, regions, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() } });
    return row;
  }

  @Mutation(() => Disaster, { description: "End a disaster declaration now" }) @Category(NON_PATIENT) @Operation("declare-disaster")
  async endDisaster(@Arg("id", () => ID) id: string): Promise<Disaster> {
    const repo = dataSource("consent").getRepository(DisasterEntity);
    const row = await repo.findOneBy({ id });
    if (!row) throw new NotFoundError("disaster not found");
    if (!row.endedAt) {
      row.endedAt = new Date();
      await repo.update({ id }, { endedAt: row.endedAt });
      await audit().event({ eventType: "policy-changed", detail: { action: "disaster-ended", disasterId: id } });
    }
    return row;
  }

  @Query(() => [Disaster], { description: "Disaster declarations that are active now" }) @Category(NON_PATIENT) @Operation("read-disasters")
  async activeDisasters(): Promise<Disaster[]> {
    const now = new Date().toISOString();
    return dataSource("consent").getRepository(DisasterEntity).createQueryBuilder("d")
      .where("d.ended_at IS NULL AND d.starts_at <= :now AND d.ends_at > :now", { now }).orderBy("d.starts_at", "DESC").getMany();
  }
}
