import { randomUUID } from "node:crypto";
import { Arg, Args, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { BadUserInputError, Category, NotFoundError, PageArgs, config, dataSource, paginateArray } from "@hub/common";
import { audit, withMarker } from "@hub/policies";
import { SealEntity } from "./seal.entity.js";
import { Seal, SealConnection, SealRecordsInput } from "./seal.type.js";
import { PatientRef } from "../me/patient.type.js";
import { patientSelf } from "../consent/consent.resolver.js";

/** Categories that describe records and so can be sealed (demographics, consents and the log cannot). */
const SEALABLE = new Set(["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle",
  "prescription", "document_referral", "document_discharge", "document_checkup", "phr_vital", "phr_questionnaire"]);

const toSeal = (e: SealEntity): Seal => ({ ...e, level: e.level as Seal["level"], category: e.category as Seal["category"] });

@Resolver(() => PatientRef)
export class SealResolver {
  @Mutation(() => Seal, { description: "Seal records by source institution, category or ids; effective on the next request" }) @Category("consent")
  async sealRecords(@Arg("input", () => SealRecordsInput) input: SealRecordsInput): Promise<Seal> {
    const patientId = patientSelf();
    const recordIds = input.recordIds && input.recordIds.length > 0 ? [...new Set(input.recordIds)] : null;
    if (!input.sourceOrganizationId && !input.category && !recordIds) {
      throw new BadUserInputError("a seal needs at least one scope: sourceOrganizationId, category or recordIds");
    }
    if (input.sourceOrganizationId && !/^\d{10}$/.test(input.sourceOrganizationId)) {
      throw new BadUserInputError("sourceOrganizationId must be a 10-digit institution code", { argument: "sourceOrganizationId" });
    }
    if (input.category && !SEALABLE.has(input.category)) throw new BadUserInputError(`category ${input.category} cannot be sealed`, { argument: "category" });
    if (recordIds && recordIds.length > 1000) throw new BadUserInputError("at most 1000 record ids per seal", { argument: "recordIds" });
    const row: SealEntity = {
      id: randomUUID(), patientId, level: input.level, sourceOrganizationId: input.sourceOrganizationId ?? null,
      category: input.category ?? null, recordIds, active: true, createdAt: new Date(), removedAt: null,
    };
    await dataSource("consent").getRepository(SealEntity).insert(row);
    await audit().event({ eventType: "seal-placed", patientId, category: "consent", recordIds: [row.id],
      detail: { level: row.level, sourceOrganizationId: row.sourceOrganizationId, category: row.category, recordCount: recordIds?.length ?? 0 } });
    return toSeal(row);
  }

  @Mutation(() => Seal, { description: "Remove a seal" }) @Category("consent")
  async unseal(@Arg("id", () => ID) id: string): Promise<Seal> {
    const patientId = patientSelf();
    const repo = dataSource("consent").getRepository(SealEntity);
    const row = await repo.findOneBy({ id, patientId });
    if (!row) throw new NotFoundError("seal not found");
    if (row.active) {
      row.active = false;
      row.removedAt = new Date();
      await repo.update({ id }, { active: false, removedAt: row.removedAt });
      await audit().event({ eventType: "seal-removed", patientId, category: "consent", recordIds: [id] });
    }
    return toSeal(row);
  }

  @FieldResolver(() => SealConnection, { nullable: true, description: "The patient's seals, newest first" }) @Category("consent")
  async seals(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const rows = await dataSource("consent").getRepository(SealEntity).find({ where: { patientId: p.id }, order: { createdAt: "DESC", id: "DESC" } });
    return withMarker(paginateArray(rows.map(toSeal), first, after, config().maxPageSize, (s) => ({ at: s.createdAt.toISOString(), id: s.id })));
  }
}
