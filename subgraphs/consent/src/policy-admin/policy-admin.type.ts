import { Field, Int, ObjectType } from "type-graphql";
import { Category, DateTimeScalar, JSONScalar, NON_PATIENT } from "@hub/common";

@ObjectType({ description: "One policy line: role × purpose × category × action × condition → effect, named" })
export class PolicyRule {
  @Field(() => String, { description: "A role or *" }) @Category(NON_PATIENT) role!: string;
  @Field(() => String, { description: "A PurposeOfUse code or *" }) @Category(NON_PATIENT) purpose!: string;
  @Field(() => String, { description: "A data category or *" }) @Category(NON_PATIENT) category!: string;
  @Field(() => String, { description: "read or *" }) @Category(NON_PATIENT) action!: string;
  @Field(() => String, { description: "* or sealed-other | restricted-no-emergency | withheld-self | other-patient" }) @Category(NON_PATIENT) condition!: string;
  @Field(() => String, { description: "allow or deny (deny overrides)" }) @Category(NON_PATIENT) effect!: string;
  @Field(() => String, { description: "Rule name: the `rule` a decision reports" }) @Category(NON_PATIENT) name!: string;
}

@ObjectType({ description: "A stored policy version; the highest is in force in every process" })
export class PolicyVersionInfo {
  @Field(() => Int) @Category(NON_PATIENT) version!: number;
  @Field(() => String) @Category(NON_PATIENT) comment!: string;
  @Field(() => String) @Category(NON_PATIENT) author!: string;
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) createdAt!: Date;
  @Field(() => Int, { nullable: true }) @Category(NON_PATIENT) basedOn!: number | null;
  @Field(() => [PolicyRule]) @Category(NON_PATIENT) rules!: PolicyRule[];
}

@ObjectType("PolicyRuleIssue")
export class RuleIssueInfo {
  @Field(() => Int, { description: "1-based rule position (0: the policy as a whole)" }) @Category(NON_PATIENT) line!: number;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) field!: string | null;
  @Field(() => String) @Category(NON_PATIENT) message!: string;
}

@ObjectType({ description: "A promise to patients that the proposed policy breaks, with its smallest counterexample" })
export class PolicyViolation {
  @Field(() => String) @Category(NON_PATIENT) invariant!: string;
  @Field(() => String) @Category(NON_PATIENT) promise!: string;
  @Field(() => Int) @Category(NON_PATIENT) violations!: number;
  @Field(() => JSONScalar, { description: "role, purpose, category, consent, card, seal, emergency, self, withheld" }) @Category(NON_PATIENT) counterexample!: object;
  @Field(() => Boolean) @Category(NON_PATIENT) allowed!: boolean;
  @Field(() => String, { description: "The deciding rule in the counterexample" }) @Category(NON_PATIENT) rule!: string;
}

@ObjectType()
export class PolicyValidation {
  @Field(() => Boolean) @Category(NON_PATIENT) ok!: boolean;
  @Field(() => [RuleIssueInfo]) @Category(NON_PATIENT) issues!: RuleIssueInfo[];
  @Field(() => [PolicyViolation]) @Category(NON_PATIENT) violations!: PolicyViolation[];
  @Field(() => Int, { description: "Attribute combinations checked by the prover" }) @Category(NON_PATIENT) combinations!: number;
  @Field(() => Int) @Category(NON_PATIENT) millis!: number;
}

@ObjectType()
export class RoleCategoryChange {
  @Field(() => String) @Category(NON_PATIENT) role!: string;
  @Field(() => String) @Category(NON_PATIENT) category!: string;
  @Field(() => Int) @Category(NON_PATIENT) newlyAllowed!: number;
  @Field(() => Int) @Category(NON_PATIENT) newlyDenied!: number;
}

@ObjectType({ description: "One recorded decision that the proposed policy would change (patient ids are shown to admins as recorded)" })
export class SimulatedChangeInfo {
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) at!: Date;
  @Field(() => String) @Category(NON_PATIENT) actorRole!: string;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) actorOrg!: string | null;
  @Field(() => String) @Category(NON_PATIENT) category!: string;
  @Field(() => String) @Category(NON_PATIENT) purpose!: string;
  @Field(() => String) @Category(NON_PATIENT) beforeRule!: string;
  @Field(() => Boolean) @Category(NON_PATIENT) beforeAllowed!: boolean;
  @Field(() => String) @Category(NON_PATIENT) afterRule!: string;
  @Field(() => Boolean) @Category(NON_PATIENT) afterAllowed!: boolean;
}

@ObjectType()
export class SimulationReportInfo {
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) since!: Date;
  @Field(() => Int) @Category(NON_PATIENT) evaluated!: number;
  @Field(() => Int) @Category(NON_PATIENT) skipped!: number;
  @Field(() => Int) @Category(NON_PATIENT) newlyAllowed!: number;
  @Field(() => Int) @Category(NON_PATIENT) newlyDenied!: number;
  @Field(() => [RoleCategoryChange]) @Category(NON_PATIENT) byRoleCategory!: RoleCategoryChange[];
  @Field(() => [SimulatedChangeInfo]) @Category(NON_PATIENT) examples!: SimulatedChangeInfo[];
}

@ObjectType()
export class AccessExplanation {
  @Field(() => Boolean) @Category(NON_PATIENT) allowed!: boolean;
  @Field(() => String) @Category(NON_PATIENT) rule!: string;
  @Field(() => String, { description: "The one attribute that decided, in words; nothing about the patient's other consents or seals" }) @Category(NON_PATIENT) reason!: string;
  @Field(() => Int) @Category(NON_PATIENT) policyVersion!: number;

}
