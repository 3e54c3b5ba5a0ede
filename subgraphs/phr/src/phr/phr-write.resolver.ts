import { randomUUID } from "node:crypto";
import { Arg, ID, Mutation, Resolver } from "type-graphql";
import { BadUserInputError, Category, DataCategoryEnum, dataSource, JSONScalar, NotFoundError, Operation, callerPatient, type DataCategory } from "@hub/common";
import { bookableDay, endConsentsOf, grantConsent, questionnaireExpiry, reservationExpiry } from "@hub/policies";
import { isActiveInstitution } from "@hub/consent";
import { QuestionnaireEntity, ReservationEntity, VitalEntity } from "./phr.entity.js";
import { RecordVitalInput } from "./phr.input.js";
import { Questionnaire, Reservation, Vital } from "./phr.type.js";
import { checkVital } from "./vital-rules.js";

async function knownOrg(org: string): Promise<void> {
  if (!(await isActiveInstitution(org))) throw new BadUserInputError("unknown institution", { argument: "organizationId" });
}

@Resolver()
export class PhrWriteResolver {
  @Mutation(() => Vital, { description: "Record a vital sign (units and ranges are checked)" }) @Category("phr_vital") @Operation("record-phr", { category: "phr_vital" })
  async recordVital(@Arg("input", () => RecordVitalInput) input: RecordVitalInput): Promise<Vital> {
    const patientId = callerPatient();
    checkVital(input);
    const row: VitalEntity = { id: randomUUID(), patientId, kind: input.kind, value: input.value, value2: input.value2 ?? null, unit: input.unit, measuredAt: input.measuredAt ?? new Date() };
    await dataSource("phr").getRepository(VitalEntity).insert(row);
    return row;
  }

  @Mutation(() => Questionnaire, { description: "Send a questionnaire (問診票) to an institution before a visit" }) @Category("phr_questionnaire") @Operation("send-questionnaire", { category: "phr_questionnaire" })
  async submitQuestionnaire(@Arg("organizationId", () => ID) organizationId: string, @Arg("answers", () => JSONScalar) answers: unknown): Promise<Questionnaire> {
    const patientId = callerPatient();
    if (typeof answers !== "object" || answers === null || Array.isArray(answers) || Object.keys(answers).length === 0) {
      throw new BadUserInputError("answers must be a non-empty object", { argument: "answers" });
    }
    if (JSON.stringify(answers).length > 64 * 1024) throw new BadUserInputError("answers are too large (64 KiB at most)", { argument: "answers" });
    await knownOrg(organizationId);
    const row: QuestionnaireEntity = { id: randomUUID(), patientId, organizationId, answers: answers as object, submittedAt: new Date() };
    // Sending it lets that institution read this questionnaire, and nothing else, for 30 days (see the consent windows).
    await dataSource("phr").transaction(async (m) => {
      await m.getRepository(QuestionnaireEntity).insert(row);
      await grantConsent({ patientId, organizationId, purpose: "TREAT", source: "QUESTIONNAIRE", categories: ["phr_questionnaire"], recordIds: [row.id],
        expiresAt: questionnaireExpiry(row.submittedAt), originId: row.id }, m);
    });
    return { ...row, sourceOrgId: organizationId, organization: { id: organizationId } };
  }

  @Mutation(() => Reservation, { description: "Book a visit (受診予約); the institution may read this reservation and pre-fetch documents addressed to it" })
  @Category("reservation") @Operation("book", { category: "reservation" })
  async makeReservation(@Arg("organizationId", () => ID) organizationId: string, @Arg("date", () => String, { description: "YYYY-MM-DD (Japan)" }) date: string,
    @Arg("shareCategories", () => [DataCategoryEnum], { nullable: true, description: "事前提供: categories of your clinical information the institution may read before the visit, until the day after it" })
    shareCategories?: DataCategoryEnum[] | null): Promise<Reservation> {
    const patientId = callerPatient();
    if (!bookableDay(date, new Date())) throw new BadUserInputError("date must be a day from today to a year ahead (YYYY-MM-DD, Japan time)", { argument: "date" });
    const share = [...new Set(shareCategories ?? [])];
    if (share.some((c) => c === DataCategoryEnum.CONSENT || c === DataCategoryEnum.ACCESS_LOG)) throw new BadUserInputError("your consents and access log are yours alone", { argument: "shareCategories" });
    await knownOrg(organizationId);
    const row: ReservationEntity = { id: randomUUID(), patientId, organizationId, date, status: "BOOKED", createdAt: new Date() };
    // The booking lets that institution read this reservation until the end of the day after the visit; 事前提供
    // (pre-visit provision) adds a consent for exactly the chosen categories over the same window, ended with the booking.
    await dataSource("phr").transaction(async (m) => {
      await m.getRepository(ReservationEntity).insert(row);
      await grantConsent({ patientId, organizationId, purpose: "TREAT", source: "RESERVATION", categories: ["reservation"], recordIds: [row.id],
        expiresAt: reservationExpiry(date), originId: row.id, detail: { visitDate: date } }, m);
      if (share.length > 0) {
        await grantConsent({ patientId, organizationId, purpose: "TREAT", source: "RESERVATION", categories: share as unknown as DataCategory[],
          expiresAt: reservationExpiry(date), originId: row.id, detail: { visitDate: date, preVisitProvision: true } }, m);
      }
    });
    return { ...row, sourceOrgId: organizationId, organization: { id: organizationId } };
  }

  @Mutation(() => Reservation, { description: "Cancel a reservation" }) @Category("reservation") @Operation("cancel-booking", { category: "reservation" })
  async cancelReservation(@Arg("id", () => ID) id: string): Promise<Reservation> {
    const patientId = callerPatient();
    const repo = dataSource("phr").getRepository(ReservationEntity);
    const row = await repo.findOneBy({ id, patientId });
    if (!row) throw new NotFoundError("reservation not found");
    if (row.status !== "CANCELLED") {
      // Cancelling ends what the booking opened: the reservation consent and any pre-fetch of documents for it.
      await dataSource("phr").transaction(async (m) => {
        await m.getRepository(ReservationEntity).update({ id }, { status: "CANCELLED" });
        await endConsentsOf(patientId, id, "reservation cancelled", m);
      });
    }
    return { ...row, status: "CANCELLED", sourceOrgId: row.organizationId, organization: { id: row.organizationId } };
  }
}
