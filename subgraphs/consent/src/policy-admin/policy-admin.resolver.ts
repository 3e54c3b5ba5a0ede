import { Arg, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import {
  BadUserInputError, Category, dataSource, NON_PATIENT, NotFoundError, Operation, ROLES, caller, declarationOfAction, type DataCategory, type Role,
} from "@hub/common";
import {
  SqlPolicyInformationPoint, audit, auditStore, ensurePolicyVersion, explainAccess, explainOperation, livePolicy, policyModel, policyStore, simulatePolicy, type PolicyVersion,
} from "@hub/policies";
import { checkPolicy, rulesOf } from "./policy-check.js";
import { ExplainAccessInput, PolicyRuleInput } from "./policy-admin.input.js";
import { AccessExplanation, PolicyValidation, PolicyVersionInfo, SimulationReportInfo } from "./policy-admin.type.js";

const toInfo = (v: PolicyVersion): PolicyVersionInfo => ({ ...v, rules: rulesOf(v.rules) });

@Resolver()
export class PolicyAdminResolver {
  @Query(() => PolicyVersionInfo, { description: "The policy in force" }) @Category(NON_PATIENT) @Operation("read-policy")
  async policyRules(): Promise<PolicyVersionInfo> {
    return toInfo(await policyStore().current());
  }

  @Query(() => [PolicyVersionInfo], { description: "Stored versions, newest first" }) @Category(NON_PATIENT) @Operation("read-policy")
  async policyVersions(@Arg("limit", () => Int, { defaultValue: 50 }) limit: number): Promise<PolicyVersionInfo[]> {
    return (await policyStore().list(Math.min(Math.max(limit, 1), 500))).map(toInfo);
  }

  @Query(() => PolicyValidation, { description: "Validate rules and prove every promise, without storing anything" }) @Category(NON_PATIENT) @Operation("read-policy")
  async validatePolicyRules(@Arg("rules", () => [PolicyRuleInput]) rules: PolicyRuleInput[]): Promise<PolicyValidation> {
    return checkPolicy(rules);
  }

  @Mutation(() => PolicyVersionInfo, { description: "Validate, prove, store as a new version and put in force everywhere" }) @Category(NON_PATIENT) @Operation("manage-policy")
  async updatePolicyRules(
    @Arg("rules", () => [PolicyRuleInput]) rules: PolicyRuleInput[],
    @Arg("comment", () => String) comment: string,
    @Arg("basedOn", () => Int, { nullable: true, description: "Version the edit started from (refused with CONFLICT if stale)" }) basedOn?: number,
  ): Promise<PolicyVersionInfo> {
    const actor = caller();
    return this.store(rules, comment, actor.sub, basedOn);
  }

  @Mutation(() => PolicyVersionInfo, { description: "Put an earlier version back in force (as a new version, proved again)" }) @Category(NON_PATIENT) @Operation("manage-policy")
  async rollbackPolicy(@Arg("version", () => Int) version: number): Promise<PolicyVersionInfo> {
    const actor = caller();
    const old = await policyStore().get(version);
    if (!old) throw new NotFoundError(`no policy version ${version}`);
    return this.store(rulesOf(old.rules), `rollback to version ${version}`, actor.sub);
  }

  private async store(rules: PolicyRuleInput[], comment: string, author: string, basedOn?: number): Promise<PolicyVersionInfo> {
    if (!comment.trim() || comment.length > 500) throw new BadUserInputError("a comment (at most 500 characters) is required", { argument: "comment" });
    const check = await checkPolicy(rules);
    if (check.issues.length > 0) throw new BadUserInputError("the policy has invalid rules", { reason: "invalid-rules", issues: check.issues });
    if (!check.ok) {
      throw new BadUserInputError(`the policy breaks ${check.violations.length} promise(s) to patients`, { reason: "invariant-violated", violations: check.violations });
    }
    const live = await policyStore().current();
    const saved = await policyStore().append(check.csv, comment.trim(), author, basedOn ?? live.version);
    const before = new Set(rulesOf(live.rules).map((r) => JSON.stringify(r)));
    const after = new Set(rulesOf(saved.rules).map((r) => JSON.stringify(r)));
    await audit().event({ eventType: "policy-changed", detail: {
      version: saved.version, comment: saved.comment, added: [...after].filter((r) => !before.has(r)).length,
      removed: [...before].filter((r) => !after.has(r)).length,
    } });
    return toInfo(saved);
  }

  @Query(() => SimulationReportInfo, { description: "Replay recorded decisions since a time under proposed rules" }) @Category(NON_PATIENT) @Operation("read-policy")
  async simulatePolicyChange(@Arg("rules", () => [PolicyRuleInput]) rules: PolicyRuleInput[], @Arg("since", () => Date) since: Date): Promise<SimulationReportInfo> {
    const check = await checkPolicy(rules);
    if (check.issues.length > 0) throw new BadUserInputError("the policy has invalid rules", { reason: "invalid-rules", issues: check.issues });
    const r = await simulatePolicy(auditStore(), policyModel(), check.csv, since);
    return {
      ...r,
      examples: r.examples.map((e) => ({ ...e, beforeRule: e.before.rule, beforeAllowed: e.before.allowed, afterRule: e.after.rule, afterAllowed: e.after.allowed })),
    };
  }

  /**
   * Explain a decision on current data, for a stated reason. The answer names the decision, the deciding rule and
   * only the attribute that decided; the record is taken as described, never looked up, so unknown ids are no
   * oracle. Every call is audited under the patient and shows in her access log.
   */
  @Query(() => AccessExplanation, { description: "Explain a decision on current data (justification required; audited and shown to the patient)" })
  @Category(NON_PATIENT) @Operation("explain")
  async explainAccess(@Arg("input", () => ExplainAccessInput) input: ExplainAccessInput): Promise<AccessExplanation> {
    if (!(ROLES as readonly string[]).includes(input.subject.role)) throw new BadUserInputError(`unknown role ${input.subject.role}`, { argument: "subject.role" });
    const justification = input.justification.trim();
    if (justification.length < 10 || justification.length > 500) throw new BadUserInputError("justification: why you need this explanation, 10–500 characters", { argument: "justification" });
    await ensurePolicyVersion((await policyStore().current()).version);
    const policy = livePolicy();
    const actor = { sub: input.subject.sub, role: input.subject.role as Role, org: input.subject.org ?? undefined, patientId: input.subject.patientId ?? undefined,
      amr: input.subject.mfa ? ["mfa"] : [], scopes: input.subject.scopes ?? undefined };
    const category = (input.category ?? undefined) as DataCategory | undefined;
    let r: { allowed: boolean; rule: string; reason: string; policyVersion: number };
    if (input.action === "read") {
      if (!input.patientId || !category) throw new BadUserInputError("explaining a read needs patientId and category", { argument: input.patientId ? "category" : "patientId" });
      r = await explainAccess(new SqlPolicyInformationPoint(dataSource("consent")), policy.check, policy.version, {
        actor, purpose: input.purpose, patientId: input.patientId, category, recordId: input.recordId ?? undefined,
        sourceOrganizationId: input.sourceOrganizationId ?? undefined, emergencyAccessId: input.emergencyAccessId ?? undefined, withheld: input.withheld,
        ...(input.metadata ? { aspect: "metadata" as const } : {}),
      });
    } else {
      const decl = declarationOfAction(input.action);
      if (!decl) throw new BadUserInputError(`unknown action ${input.action}`, { argument: "action" });
      r = explainOperation(policy.check, policy.version, {
        actor, purpose: input.purpose, action: input.action, category: category ?? decl.category ?? "non_patient", forInstitution: decl.forInstitution ?? false,
        facts: { institution: input.resourceInstitution ?? undefined, own: input.ownResource ?? undefined },
      });
    }
    await audit().event({ eventType: "access-explained", patientId: input.patientId ?? null, category: category ?? null, recordIds: input.recordId ? [input.recordId] : null,
      decision: r.allowed ? "ALLOW" : "DENY", rule: r.rule,
      detail: { justification, action: input.action, subject: { role: input.subject.role, org: input.subject.org ?? null }, purpose: input.purpose } });
    return { allowed: r.allowed, rule: r.rule, reason: r.reason, policyVersion: r.policyVersion };
  }
}
