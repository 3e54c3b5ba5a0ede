import { dataSource, ForbiddenError } from "@hub/common";
import { disasterRefusal } from "@hub/policies";
import { OrganizationEntity } from "../organization/organization.entity.js";

/**
 * Acting under a declaration (a DISASTER start, a disaster lookup) needs it in force and covering the caller's
 * institution: in a declared prefecture or dispatched into it. The rule is the disaster module's; this only reads the
 * institution's prefecture from the registry this subgraph owns.
 */
export async function checkDisaster(disasterId: string, org: string, now: Date): Promise<void> {
  const institution = await dataSource("consent").getRepository(OrganizationEntity).findOneBy({ id: org });
  const refusal = await disasterRefusal(disasterId, { id: org, prefecture: institution?.prefecture ?? null }, now);
  if (refusal === "disaster-not-active") {
    throw new ForbiddenError("no active disaster declaration with this id", { rule: "disaster-not-active", reason: "outside the declared period or ended" });
  }
  if (refusal === "disaster-region") {
    throw new ForbiddenError("the caller's institution is neither in the declared region nor dispatched into it", { rule: "disaster-region" });
  }
}
