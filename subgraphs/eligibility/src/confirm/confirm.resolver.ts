import { randomUUID } from "node:crypto";
import { Arg, Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import { BadUserInputError, Category, dataSource, DateTimeScalar, callerInstitution, NON_PATIENT, NotFoundError, Operation, requestContext } from "@hub/common";
import { CARD_FLAGS, cardFlagValidUntil, identifyAtCardReader, policyRuntime, recordCardReading, type CardFlag } from "@hub/policies";
import { patientByInsuredId } from "@hub/clinical";
import { institutionPrefecture } from "@hub/consent";
import { QualificationEntity } from "../qualification/qualification.entity.js";
import { isValidInsurerNumber } from "./insurer-number.js";
import { ConfirmEligibilityInput } from "./confirm.input.js";

@ObjectType({ description: "What the card reading recorded" })
export class EligibilityConfirmation {
  @Field(() => ID, { description: "The patient the card belongs to" }) @Category(NON_PATIENT) patientId!: string;
  @Field(() => ID) @Category(NON_PATIENT) qualificationId!: string;
  @Field(() => [String], { description: "Categories the caller may read because of this reading, until cardConsentValidUntil (decided by the policy for the caller's role)" }) @Category(NON_PATIENT) categories!: string[];
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) cardConsentValidUntil!: Date;
  @Field(() => ID, { nullable: true, description: "Under a declared disaster covering the caller's institution: the identification that lets its staff read the patient's disaster set (x-purpose-of-use: DISASTER)" })
  @Category(NON_PATIENT) disasterAccessId!: string | null;
}

@Resolver()
export class ConfirmEligibilityResolver {
  @Mutation(() => EligibilityConfirmation, { description: "Record an online qualification result and the card-reader consent flags (valid 24 h here)" })
  @Category(NON_PATIENT) @Operation("confirm-eligibility", { category: "eligibility", forInstitution: true })
  async confirmEligibility(@Arg("input", () => ConfirmEligibilityInput) input: ConfirmEligibilityInput): Promise<EligibilityConfirmation> {
    const org = callerInstitution();
    if (!isValidInsurerNumber(input.insurerNumber)) throw new BadUserInputError("insurerNumber must be 8 digits with a valid check digit", { argument: "insurerNumber" });
    for (const [k, v] of [["symbol", input.symbol], ["number", input.number]] as const) {
      if (!v || v.length > 20 || /[\s:]/.test(v)) throw new BadUserInputError(`${k}: 1–20 characters, no spaces or colons`, { argument: k });
    }
    if (input.branch != null && !/^\d{2}$/.test(input.branch)) throw new BadUserInputError("branch (枝番) must be 2 digits", { argument: "branch" });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate)) throw new BadUserInputError("birthDate must be YYYY-MM-DD", { argument: "birthDate" });
    if (!["VALID", "INVALID", "EXPIRED"].includes(input.status)) throw new BadUserInputError("status must be VALID, INVALID or EXPIRED", { argument: "status" });
    if (input.copayRatio != null && ![0, 10, 20, 30].includes(input.copayRatio)) throw new BadUserInputError("copayRatio must be 0, 10, 20 or 30", { argument: "copayRatio" });
    const ds = dataSource("eligibility");
    const memberId = `${input.insurerNumber}:${input.symbol}:${input.number}:${input.branch ?? ""}`;
    const patient = await patientByInsuredId(memberId);
    if (!patient) throw new NotFoundError("no patient with this insurance member id");
    if (patient.birthDate !== input.birthDate) throw new BadUserInputError("the date of birth does not match the card (本人確認不一致)", { argument: "birthDate" });
    // The reading happens at the request's decision time, so the decisions of this request already see it.
    const now = policyRuntime().subject().now;
    const flags = Object.entries(input.consent ?? {}).filter(([k, v]) => v === true && (CARD_FLAGS as readonly string[]).includes(k)).map(([k]) => k as CardFlag);
    const q: QualificationEntity = {
      id: randomUUID(), patientId: patient.id, organizationId: org, insurerNumber: input.insurerNumber, symbol: input.symbol, number: input.number,
      branch: input.branch ?? null, status: input.status, copayRatio: input.copayRatio ?? null, limitCategory: input.limitCategory ?? null, confirmedAt: now,
    };
    const reading = await ds.transaction(async (m) => {
      await m.getRepository(QualificationEntity).insert(q);
      return recordCardReading({ patientId: patient.id, organizationId: org, flags, confirmedAt: now, qualificationId: q.id }, m);
    });
    // What this caller may now read because of the reading, asked of the PDP (role and policy included), so the
    // answer is exactly what the next request will allow.
    const runtime = policyRuntime();
    const categories: string[] = [];
    for (const category of reading.categories) {
      if ((await runtime.evaluate({ patientId: patient.id, category, list: true })).allowed) categories.push(category);
    }
    // 災害時の特例措置: the card confirmed who she is; under a declaration covering this institution, that identifies her.
    const disasterAccessId = await identifyAtCardReader({ patientId: patient.id, actor: requestContext().actor, institution: { id: org, prefecture: await institutionPrefecture(org) }, now });
    return { patientId: patient.id, qualificationId: q.id, categories, cardConsentValidUntil: cardFlagValidUntil(now), disasterAccessId };
  }
}
