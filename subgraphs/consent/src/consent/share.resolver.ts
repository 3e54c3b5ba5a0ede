import { Arg, Field, ID, InputType, Mutation, ObjectType, Resolver } from "type-graphql";
import {
  BadUserInputError, Category, DataCategoryEnum, DateTimeScalar, ForbiddenError, caller, callerInstitution, NON_PATIENT, Operation, type DataCategory,
} from "@hub/common";
import { activeConsents, grantConsent, shareLimit } from "@hub/policies";

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

@Resolver()
export class SpecialistShareResolver {
  /**
   * A treating doctor whose institution holds the patient's consent shares some categories with one specialist,
   * only when that consent allows onward sharing. The share is a consent of its own (source SHARE), scoped to the
   * specialist, time-boxed, audited, and revocable by the patient like any consent.
   */
  @Mutation(() => SpecialistShare) @Category(NON_PATIENT) @Operation("share", { category: "consent", forInstitution: true })
  async shareWithSpecialist(@Arg("input", () => ShareWithSpecialistInput) input: ShareWithSpecialistInput): Promise<SpecialistShare> {
    const actor = caller();
    const org = callerInstitution();
    const categories = [...new Set(input.categories)] as DataCategory[];
    if (categories.length === 0) throw new BadUserInputError("name the categories to share", { argument: "categories" });
    const now = new Date();
    if (input.expiresAt <= now || input.expiresAt > shareLimit(now, null)) {
      throw new BadUserInputError("expiresAt must be within the next 90 days", { argument: "expiresAt" });
    }
    if (input.organizationId === org) throw new BadUserInputError("share with another institution", { argument: "organizationId" });
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.practitionerId)) throw new BadUserInputError("malformed practitionerId", { argument: "practitionerId" });
    const base = (await activeConsents(input.patientId, org, "TREAT", ["PORTAL"]))
      .find((c) => c.onwardSharing && input.expiresAt <= shareLimit(now, c.expiresAt) && !c.recordIds && !c.sourceOrganizationIds
        && (c.categories === null || categories.every((k) => c.categories!.includes(k))));
    if (!base) {
      throw new ForbiddenError("the patient's consent for your institution does not allow sharing these categories onward until then", { rule: "no-onward-sharing" });
    }
    const row = await grantConsent({
      patientId: input.patientId, organizationId: input.organizationId, purpose: "TREAT", source: "SHARE", categories, expiresAt: input.expiresAt,
      practitionerSub: input.practitionerId, sharedBy: actor.sub, note: input.note?.slice(0, 1000) ?? null, originId: base.id,
      detail: { from: org, basedOn: base.id },
    });
    return { id: row.id, organizationId: input.organizationId, practitionerId: input.practitionerId, categories, expiresAt: input.expiresAt };
  }
}
