import { randomUUID } from "node:crypto";
import { Arg, Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import { BadUserInputError, Category, DateTimeScalar, NON_PATIENT, NotFoundError, dataSource, institutionOf, type DataCategory } from "@hub/common";
import { audit } from "@hub/policies";
import { CardConsentEntity, QualificationEntity } from "../qualification/qualification.entity.js";
import { isValidInsurerNumber } from "./insurer-number.js";
import { ConfirmEligibilityInput } from "./confirm.input.js";

/** Card-reader consent flags → data categories the reading institution may read for 24 h. */
export const FLAG_CATEGORIES: Record<"diagnosis" | "medication" | "checkup" | "surgery", DataCategory[]> = {
  diagnosis: ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "document_referral", "document_discharge"],
  medication: ["prescription", "allergy", "contraindication"],
  checkup: ["document_checkup", "lab_lifestyle"],
  surgery: ["condition"],
};
/** Reading the card always gives the institution the qualification itself and the patient's demographics. */
const ALWAYS: DataCategory[] = ["eligibility", "demographics"];
const CARD_VALIDITY_MS = 24 * 3600_000;

@ObjectType({ description: "What the card reading recorded" })
export class EligibilityConfirmation {
  @Field(() => ID, { description: "The patient the card belongs to" }) @Category(NON_PATIENT) patientId!: string;
  @Field(() => ID) @Category(NON_PATIENT) qualificationId!: string;
  @Field(() => [String], { description: "Categories this institution may read until cardConsentValidUntil" }) @Category(NON_PATIENT) categories!: string[];
  @Field(() => DateTimeScalar) @Category(NON_PATIENT) cardConsentValidUntil!: Date;
}

@Resolver()
export class ConfirmEligibilityResolver {
  @Mutation(() => EligibilityConfirmation, { description: "Record an online qualification result and the card-reader consent flags (valid 24 h here)" })
  @Category(NON_PATIENT)
  async confirmEligibility(@Arg("input", () => ConfirmEligibilityInput) input: ConfirmEligibilityInput): Promise<EligibilityConfirmation> {
    const { org } = institutionOf(["clerk", "doctor", "nurse", "pharmacist", "system"], "confirming eligibility");
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
    const [patient] = (await ds.query(`SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM clinical.patients WHERE insurance_member_id = $1`, [memberId])) as { id: string; birth: string }[];
    if (!patient) throw new NotFoundError("no patient with this insurance member id");
    if (patient.birth !== input.birthDate) throw new BadUserInputError("the date of birth does not match the card (本人確認不一致)", { argument: "birthDate" });
    const now = new Date();
    const flags = Object.entries(input.consent ?? {}).filter(([, v]) => v === true).map(([k]) => k as keyof typeof FLAG_CATEGORIES);
    const categories = [...new Set([...ALWAYS, ...flags.flatMap((f) => FLAG_CATEGORIES[f])])];
    const q: QualificationEntity = {
      id: randomUUID(), patientId: patient.id, organizationId: org, insurerNumber: input.insurerNumber, symbol: input.symbol, number: input.number,
      branch: input.branch ?? null, status: input.status, copayRatio: input.copayRatio ?? null, limitCategory: input.limitCategory ?? null, confirmedAt: now,
    };
    await ds.transaction(async (m) => {
      await m.getRepository(QualificationEntity).insert(q);
      await m.getRepository(CardConsentEntity).insert({ id: randomUUID(), patientId: patient.id, organizationId: org, categories, flags, confirmedAt: now });
    });
    await audit().event({ eventType: "card-consent", patientId: patient.id, category: "eligibility", recordIds: [q.id], detail: { organizationId: org, flags, categories } });
    return { patientId: patient.id, qualificationId: q.id, categories, cardConsentValidUntil: new Date(now.getTime() + CARD_VALIDITY_MS) };
  }
}
