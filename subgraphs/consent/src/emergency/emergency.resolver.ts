import { Arg, ID, Mutation, Resolver } from "type-graphql";
import {
  BadUserInputError, Category, caller, callerInstitution, config, dataSource, ForbiddenError, NON_PATIENT, NotFoundError, Operation, RateLimitedError, requestContext,
} from "@hub/common";
import { endGrant, grantById, grantsStartedSince, isGrantHolder, startGrant, type EmergencyGrantRecord } from "@hub/policies";
import { patientExists } from "@hub/clinical";
import { OrganizationEntity } from "../organization/organization.entity.js";
import { DisasterEntity } from "./emergency.entity.js";
import { EmergencyAccess, EmergencyReason, StartEmergencyAccessInput } from "./emergency.type.js";

const MIN_JUSTIFICATION = 10;

export const toAccess = (e: EmergencyGrantRecord): EmergencyAccess => ({
  id: e.id, patientId: e.patientId, reason: e.reason as EmergencyReason, startedAt: e.startedAt, expiresAt: e.expiresAt, endedAt: e.endedAt,
});

/** Ending a grant: it is the caller's when it is bound to them (see the grant rule); an unknown id is nobody's. */
const grantFacts = async (args: Record<string, unknown>) => {
  const g = await grantById(String(args.id));
  return g ? { own: isGrantHolder(g, requestContext().actor) } : { absent: true };
};

/** DISASTER access needs an active declaration whose regions include the responder institution's prefecture. */
async function checkDisaster(disasterId: string | null | undefined, org: string, now: Date): Promise<void> {
  if (!disasterId) throw new BadUserInputError("DISASTER access needs disasterId", { argument: "disasterId" });
  const ds = dataSource("consent");
  const disaster = await ds.getRepository(DisasterEntity).findOneBy({ id: disasterId });
  if (!disaster || disaster.endedAt || disaster.startsAt > now || disaster.endsAt <= now) {
    throw new ForbiddenError("no active disaster declaration with this id", { rule: "disaster-not-active", reason: "outside the declared period or ended" });
  }
  const institution = await ds.getRepository(OrganizationEntity).findOneBy({ id: org });
  if (!institution || !disaster.regions.includes(institution.prefecture)) {
    throw new ForbiddenError("the responder's institution is outside the declared disaster region", { rule: "disaster-region", reason: `regions ${disaster.regions.join(",")}` });
  }
}

@Resolver()
export class EmergencyAccessResolver {
  @Mutation(() => EmergencyAccess, { description: "Start break-glass access to one patient (time-boxed, audited, reviewed)" }) @Category(NON_PATIENT) @Operation("start-emergency", { category: "demographics", forInstitution: true })
  async startEmergencyAccess(@Arg("input", () => StartEmergencyAccessInput) input: StartEmergencyAccessInput): Promise<EmergencyAccess> {
    const who = { sub: caller().sub, org: callerInstitution() };
    const cfg = config();
    const now = new Date();
    if (input.justification.trim().length < MIN_JUSTIFICATION) {
      throw new BadUserInputError(`justification must be at least ${MIN_JUSTIFICATION} characters`, { argument: "justification" });
    }
    if (input.justification.length > 2000) throw new BadUserInputError("justification is too long (2000 characters at most)", { argument: "justification" });
    const recent = await grantsStartedSince(who.sub, new Date(now.getTime() - 3600_000));
    if (recent >= cfg.emergencyStartsPerHour) throw new RateLimitedError("too many emergency accesses started in the last hour", 3600);
    if (!(await patientExists(input.patientId))) throw new NotFoundError("no patient with this id");
    if (input.reason === EmergencyReason.DISASTER) await checkDisaster(input.disasterId, who.org, now);
    const row = await startGrant({
      patientId: input.patientId, actor: requestContext().actor, reason: input.reason, justification: input.justification.trim(),
      disasterId: input.reason === EmergencyReason.DISASTER ? input.disasterId ?? null : null,
      startedAt: now, expiresAt: new Date(now.getTime() + cfg.emergencyAccessMinutes * 60_000),
    });
    return toAccess(row);
  }

  @Mutation(() => EmergencyAccess, { description: "End a break-glass grant before it expires" }) @Category(NON_PATIENT) @Operation("end-emergency", { hideResource: true, facts: grantFacts, notFound: "emergency access not found" })
  async endEmergencyAccess(@Arg("id", () => ID) id: string): Promise<EmergencyAccess> {
    const row = await endGrant(id, requestContext().actor);
    if (!row) throw new NotFoundError("emergency access not found");
    return toAccess(row);
  }
}
