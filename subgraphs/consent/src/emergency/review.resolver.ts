import { Arg, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, ForbiddenError, NON_PATIENT, NotFoundError, dataSource, requestContext } from "@hub/common";
import { EmergencyAccessEntity } from "./emergency.entity.js";
import { EmergencyAccessReview, ReviewOutcome } from "./emergency.type.js";

/**
 * The review queue: every break-glass grant is reviewed afterwards by a privacy officer (role `auditor`) of the
 * responder's institution. Policy admins see every institution's queue but do not review.
 */
function reviewer(): { sub: string; org: string | null; admin: boolean } {
  const { actor } = requestContext();
  if (actor.role === "auditor" && actor.org) return { sub: actor.sub, org: actor.org, admin: false };
  if (actor.role === "policy_admin") return { sub: actor.sub, org: null, admin: true };
  throw new ForbiddenError("the review queue is for the institution's privacy officer (auditor)", { rule: "review-roles" });
}

const toReview = (e: EmergencyAccessEntity): EmergencyAccessReview => ({
  ...e, reason: e.reason as EmergencyAccessReview["reason"], reviewOutcome: e.reviewOutcome as ReviewOutcome | null,
});

@Resolver()
export class EmergencyReviewResolver {
  @Query(() => [EmergencyAccessReview], { description: "Break-glass grants of the caller's institution, pending first" }) @Category(NON_PATIENT)
  async emergencyAccessReviews(@Arg("status", () => String, { nullable: true, description: "PENDING | REVIEWED" }) status?: string): Promise<EmergencyAccessReview[]> {
    const who = reviewer();
    if (status && status !== "PENDING" && status !== "REVIEWED") throw new BadUserInputError("status must be PENDING or REVIEWED", { argument: "status" });
    const qb = dataSource("consent").getRepository(EmergencyAccessEntity).createQueryBuilder("e")
      .orderBy("e.review_status", "ASC").addOrderBy("e.started_at", "DESC").limit(200);
    if (!who.admin) qb.andWhere("e.actor_org = :org", { org: who.org });
    if (status) qb.andWhere("e.review_status = :status", { status });
    return (await qb.getMany()).map(toReview);
  }

  @Mutation(() => EmergencyAccessReview, { description: "Record the privacy officer's review of a break-glass grant" }) @Category(NON_PATIENT)
  async reviewEmergencyAccess(
    @Arg("id", () => ID) id: string,
    @Arg("outcome", () => ReviewOutcome) outcome: ReviewOutcome,
    @Arg("comment", () => String, { nullable: true }) comment?: string,
  ): Promise<EmergencyAccessReview> {
    const who = reviewer();
    if (who.admin) throw new ForbiddenError("reviews are made by the responder institution's privacy officer", { rule: "review-roles" });
    const repo = dataSource("consent").getRepository(EmergencyAccessEntity);
    const row = await repo.findOneBy({ id, actorOrg: who.org ?? undefined });
    if (!row) throw new NotFoundError("emergency access not found");
    if ((comment?.length ?? 0) > 2000) throw new BadUserInputError("comment is too long", { argument: "comment" });
    Object.assign(row, { reviewStatus: "REVIEWED", reviewOutcome: outcome, reviewComment: comment ?? null, reviewedBy: who.sub, reviewedAt: new Date() });
    await repo.update({ id }, { reviewStatus: "REVIEWED", reviewOutcome: outcome, reviewComment: comment ?? null, reviewedBy: who.sub, reviewedAt: row.reviewedAt });
    return toReview(row);
  }
}
