import { Arg, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, caller, dataSource, NON_PATIENT, NotFoundError, Operation, requestContext } from "@hub/common";
import { policyRuntime } from "@hub/policies";
import { EmergencyAccessEntity } from "./emergency.entity.js";
import { EmergencyAccessReview, EmergencyAccessScope, ReviewOutcome } from "./emergency.type.js";

/**
 * The review queue: every break-glass grant is reviewed afterwards by a privacy officer of the responder's
 * institution; whoever the policy lets see every institution's queue (policy admins) sees all but reviews none.
 */
async function grantOrg(id: string): Promise<string | null | undefined> {
  const row = await dataSource("consent").getRepository(EmergencyAccessEntity).findOneBy({ id });
  return row ? row.actorOrg : undefined;
}

/** Reviewing a grant: it belongs to the institution where it was started; an unknown id is nobody's. */
const reviewFacts = async (args: Record<string, unknown>) => {
  const org = await grantOrg(String(args.id));
  return org === undefined ? { absent: true } : { institution: org };
};

const toReview = (e: EmergencyAccessEntity): EmergencyAccessReview => ({
  ...e, reason: e.reason as EmergencyAccessReview["reason"], reviewOutcome: e.reviewOutcome as ReviewOutcome | null,
  scope: e.scope as EmergencyAccessScope, team: e.team ?? [],
});

@Resolver()
export class EmergencyReviewResolver {
  @Query(() => [EmergencyAccessReview], { description: "Break-glass grants of the caller's institution, pending first" }) @Category(NON_PATIENT) @Operation("read-reviews")
  async emergencyAccessReviews(@Arg("status", () => String, { nullable: true, description: "PENDING | REVIEWED" }) status?: string): Promise<EmergencyAccessReview[]> {
    if (status && status !== "PENDING" && status !== "REVIEWED") throw new BadUserInputError("status must be PENDING or REVIEWED", { argument: "status" });
    const qb = dataSource("consent").getRepository(EmergencyAccessEntity).createQueryBuilder("e")
      .orderBy("e.review_status", "ASC").addOrderBy("e.started_at", "DESC").limit(200);
    if (!(await policyRuntime().permits("read-all-reviews"))) qb.andWhere("e.actor_org = :org", { org: requestContext().actor.org ?? "" });
    if (status) qb.andWhere("e.review_status = :status", { status });
    return (await qb.getMany()).map(toReview);
  }

  @Mutation(() => EmergencyAccessReview, { description: "Record the privacy officer's review of a break-glass grant" }) @Category(NON_PATIENT) @Operation("review", { hideResource: true, facts: reviewFacts, notFound: "emergency access not found" })
  async reviewEmergencyAccess(
    @Arg("id", () => ID) id: string,
    @Arg("outcome", () => ReviewOutcome) outcome: ReviewOutcome,
    @Arg("comment", () => String, { nullable: true }) comment?: string,
  ): Promise<EmergencyAccessReview> {
    const who = caller();
    const repo = dataSource("consent").getRepository(EmergencyAccessEntity);
    const row = await repo.findOneBy({ id, actorOrg: who.org ?? undefined });
    if (!row) throw new NotFoundError("emergency access not found");
    if ((comment?.length ?? 0) > 2000) throw new BadUserInputError("comment is too long", { argument: "comment" });
    Object.assign(row, { reviewStatus: "REVIEWED", reviewOutcome: outcome, reviewComment: comment ?? null, reviewedBy: who.sub, reviewedAt: new Date() });
    await repo.update({ id }, { reviewStatus: "REVIEWED", reviewOutcome: outcome, reviewComment: comment ?? null, reviewedBy: who.sub, reviewedAt: row.reviewedAt });
    return toReview(row);
  }
}
