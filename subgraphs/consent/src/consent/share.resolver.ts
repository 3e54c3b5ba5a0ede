import { randomUUID } from "node:crypto";
import { Arg, Field, ID, InputType, Mutation, ObjectType, Resolver } from "type-graphql";
import { In } from "typeorm";
import { BadUserInputError, Category, DataCategoryEnum, DateTimeScalar, ForbiddenError, NON_PATIENT, dataSource, institutionOf, type DataCategory } from "@hub/common";
import { audit } from "@hub/policies";
import { ConsentEntity } from "./consent.entity.js";
import { OrganizationEntity } from "../organization/organization.entity.js";

@InputType({ description: "Share with a specialist for a consultation (seed 003: Dr.X asks Dr.Y at E Medical Center)" })
export class ShareWithSpecialistInput {
  @Field(() => ID) patientId!: string;
  @Field(() => ID, { description: "The specialist's institution" }) organizationId!: string;
  @Field(() => ID, { description: "The specialist (their token's sub)" }) practitionerId!: string;
  @Field(() => [DataCategoryEnum]) categories!: DataCategoryEnum[];
  @Field(() => DateTimeScalar, { description: "At most 90 days ahead, and not beyond the consent it comes from" }) expiresAt!: Date;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType({ description: "A time-boxed share the treating doctor created; the patient sees and can revoke it among their consents" })
export class SpecialistShare {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => ID) @Category(NON_PATIENT) organizationId!: string;
  @Field(() => ID) @Category(NON_PATIENT) practitionerId!: string;
  @Field(() => [String]) @Category(NON_PATIENT) categories!: string[];
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) expiresAt!: Date;
}

const MAX_DAYS = 90;

@Resolver()
export class SpecialistShareResolver {
  /**
   * A treating doctor whose institution holds the patient's consent shares some categories with one specialist,
   * only when that consent allows onward sharing. The share is a consent of its own (source SHARED), scoped to the
   * specialist, time-boxed, audited, and revocable by the patient like any consent.
   */
  @Mutation(() => SpecialistShare) @Category(NON_PATIENT)
  async shareWithSpecialist(@Arg("input", () => ShareWithSpecialistInput) input: ShareWithSpecialistInput): Promise<SpecialistShare> {
    const { actor, org } = institutionOf(["doctor"], "sharing with a specialist");
    const categories = [...new Set(input.categories)] as DataCategory[];
    if (categories.length === 0) throw new BadUserInputError("name the categories to share", { argument: "categories" });
    const now = new Date();
    if (input.expiresAt <= now || input.expiresAt.getTime() > now.getTime() + MAX_DAYS * 86_400_000) {
      throw new BadUserInputError(`expiresAt must be within the next ${MAX_DAYS} days`, { argument: "expiresAt" });
    }
    if (input.organizationId === org) throw new BadUserInputError("share with another institution", { argument: "organizationId" });
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.practitionerId)) throw new BadUserInputError("malformed practitionerId", { argument: "practitionerId" });
    const ds = dataSource("consent");
    if (!(await ds.getRepository(OrganizationEntity).existsBy({ id: input.organizationId }))) throw new BadUserInputError("unknown institution", { argument: "organizationId" });
    const base = (await ds.getRepository(ConsentEntity).findBy({ patientId: input.patientId, organizationId: org, purpose: "TREAT", status: "ACTIVE", source: In(["PORTAL", "SEED"]) }))
      .find((c) => c.onwardSharing && (c.expiresAt === null || c.expiresAt >= input.expiresAt) && (c.categories === null || categories.every((k) => c.categories!.includes(k))));
    if (!base) {
      throw new ForbiddenError("the patient's consent for your institution does not allow sharing these categories onward until then", { rule: "no-onward-sharing" });
    }
    const row = ds.getRepository(ConsentEntity).create({
      id: randomUUID(), patientId: input.patientId, organizationId: input.organizationId, purpose: "TREAT", categories, status: "ACTIVE",
      grantedAt: now, expiresAt: input.expiresAt, revokedAt: null, source: "SHARED", onwardSharing: false, practitionerSub: input.practitionerId,
      sharedBy: actor.sub, note: input.note?.slice(0, 1000) ?? null,
    });
    await ds.getRepository(ConsentEntity).insert(row);
    await audit().event({ eventType: "consent-shared", patientId: input.patientId, category: "consent", recordIds: [row.id],
      detail: { from: org, to: input.organizationId, practitionerId: input.practitionerId, categories, expiresAt: input.expiresAt.toISOString(), basedOn: base.id } });
    return { id: row.id, organizationId: input.organizationId, practitionerId: input.practitionerId, categories, expiresAt: input.expiresAt };
  }
}
