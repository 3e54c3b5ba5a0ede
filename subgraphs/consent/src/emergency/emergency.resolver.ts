import { Arg, ID, Mutation, Resolver } from "type-graphql";
import {
  BadUserInputError, Category, caller, callerInstitution, config, ForbiddenError, NON_PATIENT, NotFoundError, Operation, RateLimitedError, requestContext,
} from "@hub/common";
import { endGrant, grantById, grantsStartedSince, isGrantHolder, policyRuntime, startGrant, type EmergencyGrantRecord, type TeamMember } from "@hub/policies";
import { patientExists } from "@hub/clinical";
import { EmergencyAccess, EmergencyReason, StartEmergencyAccessInput, type EmergencyTeamMemberInput } from "./emergency.type.js";
import { checkDisaster } from "./disaster-check.js";

const MIN_JUSTIFICATION = 10;
const MAX_TEAM = 10;

export const toAccess = (e: EmergencyGrantRecord): EmergencyAccess => ({
  id: e.id, patientId: e.patientId, reason: e.reason as EmergencyReason, startedAt: e.startedAt, expiresAt: e.expiresAt, endedAt: e.endedAt, team: e.team,
});

/** Ending a grant: it is the caller's when it is bound to them (see the grant rule); an unknown id is nobody's. */
const grantFacts = async (args: Record<string, unknown>) => {
  const g = await grantById(String(args.id));
  return g ? { own: isGrantHolder(g, requestContext().actor) } : { absent: true };
};

/**
 * The team named on a grant: colleagues of the starter's institution, by subject and role, each role one the policy
 * lets join (`join-emergency-team`, decided for the member's role). The institution is the starter's: a member
 * reads only with a token of that institution (the grant rule).
 */
async function checkTeam(team: EmergencyTeamMemberInput[] | null | undefined): Promise<TeamMember[]> {
  const members = team ?? [];
  if (members.length > MAX_TEAM) throw new BadUserInputError(`a grant names at most ${MAX_TEAM} team members`, { argument: "team" });
  const self = caller().sub;
  const seen = new Set<string>();
  for (const m of members) {
    if (!/^[A-Za-z0-9._:@-]{1,64}$/.test(m.sub)) throw new BadUserInputError("team member sub: 1–64 letters, digits or ._:@-", { argument: "team" });
    if (m.sub === self) throw new BadUserInputError("the starter is on the grant already", { argument: "team" });
    if (seen.has(m.sub)) throw new BadUserInputError(`team member ${m.sub} is named twice`, { argument: "team" });
    seen.add(m.sub);
  }
  const runtime = policyRuntime();
  for (const role of new Set(members.map((m) => m.role))) {
    if (!(await runtime.permitsRole(role, "join-emergency-team"))) {
      throw new ForbiddenError(`the policy does not let a ${role} be named on a break-glass grant`, { rule: "join-emergency-team", reason: "team" });
    }
  }
  return members.map((m) => ({ sub: m.sub, role: m.role }));
}

@Resolver()
export class EmergencyAccessResolver {
  /**
   * 救急時医療情報閲覧 (break-glass). Every start, known patient or not, is stored, audited and counted toward the
   * caller's hourly limit (a separate, larger one under a declared disaster), and answers the same way: an id that is
   * no patient's gets a grant that opens nothing, so the answer never tells which ids exist (docs/emergency.md).
   */
  @Mutation(() => EmergencyAccess, { description: "Start break-glass access to one patient (time-boxed, audited, reviewed), optionally naming team members" }) @Category(NON_PATIENT) @Operation("start-emergency", { category: "demographics", forInstitution: true })
  async startEmergencyAccess(@Arg("input", () => StartEmergencyAccessInput) input: StartEmergencyAccessInput): Promise<EmergencyAccess> {
    const who = { sub: caller().sub, org: callerInstitution() };
    const cfg = config();
    const now = new Date();
    if (input.justification.trim().length < MIN_JUSTIFICATION) {
      throw new BadUserInputError(`justification must be at least ${MIN_JUSTIFICATION} characters`, { argument: "justification" });
    }
    if (input.justification.length > 2000) throw new BadUserInputError("justification is too long (2000 characters at most)", { argument: "justification" });
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(input.patientId)) throw new BadUserInputError("patientId: 1–64 letters, digits or ._:-", { argument: "patientId" });
    const disaster = input.reason === EmergencyReason.DISASTER;
    if (disaster && !input.disasterId) throw new BadUserInputError("DISASTER access needs disasterId", { argument: "disasterId" });
    const team = await checkTeam(input.team);
    if (disaster) await checkDisaster(input.disasterId!, who.org, now);
    const limit = disaster ? cfg.disasterStartsPerHour : cfg.emergencyStartsPerHour;
    if ((await grantsStartedSince(who.sub, new Date(now.getTime() - 3600_000), disaster)) >= limit) {
      throw new RateLimitedError("too many emergency accesses started in the last hour", 3600);
    }
    const row = await startGrant({
      patientId: input.patientId, actor: requestContext().actor, reason: input.reason, justification: input.justification.trim(),
      disasterId: disaster ? input.disasterId! : null, team, patientKnown: await patientExists(input.patientId),
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
