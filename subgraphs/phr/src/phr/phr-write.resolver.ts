import { randomUUID } from "node:crypto";
import { Arg, ID, Mutation, Resolver } from "type-graphql";
import type { EntityManager } from "typeorm";
import { BadUserInputError, Category, JSONScalar, NotFoundError, dataSource, patientSelf } from "@hub/common";
import { QuestionnaireEntity, ReservationEntity, VitalEntity } from "./phr.entity.js";
import { RecordVitalInput } from "./phr.input.js";
import { Questionnaire, Reservation, Vital } from "./phr.type.js";
import { checkVital } from "./vital-rules.js";

const ORG = /^\d{10}$/;

/**
 * Sending a questionnaire or booking a visit lets that institution read it: a consent of purpose TREAT for just that
 * category, visible to the patient in `consents` and revocable like any other.
 */
async function consentFor(m: EntityManager, patientId: string, org: string, category: string, expiresAt: Date, source: string): Promise<void> {
  await m.query(`INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, expires_at, source) VALUES ($1, $2, $3, 'TREAT', $4, $5, $6)`,
    [randomUUID(), patientId, org, [category], expiresAt.toISOString(), source]);
}

async function knownOrg(m: EntityManager, org: string): Promise<void> {
  if (!ORG.test(org) || (await m.query(`SELECT 1 FROM consent.organizations WHERE id = $1 AND status = 'ACTIVE'`, [org])).length === 0) {
    throw new BadUserInputError("unknown institution", { argument: "organizationId" });
  }
}

@Resolver()
export class PhrWriteResolver {
  @Mutation(() => Vital, { description: "Record a vital sign (units and ranges are checked)" }) @Category("phr_vital")
  async recordVital(@Arg("input", () => RecordVitalInput) input: RecordVitalInput): Promise<Vital> {
    const patientId = patientSelf("records vitals", "phr_vital");
    checkVital(input);
    const row: VitalEntity = { id: randomUUID(), patientId, kind: input.kind, value: input.value, value2: input.value2 ?? null, unit: input.unit, measuredAt: input.measuredAt ?? new Date() };
    await dataSource("phr").getRepository(VitalEntity).insert(row);
    return row;
  }

  @Mutation(() => Questionnaire, { description: "Send a questionnaire (問診票) to an institution before a visit" }) @Category("phr_questionnaire")
  async submitQuestionnaire(@Arg("organizationId", () => ID) organizationId: string, @Arg("answers", () => JSONScalar) answers: unknown): Promise<Questionnaire> {
    const patientId = patientSelf("sends questionnaires", "phr_questionnaire");
    if (typeof answers !== "object" || answers === null || Array.isArray(answers) || Object.keys(answers).length === 0) {
      throw new BadUserInputError("answers must be a non-empty object", { argument: "answers" });
    }
    if (JSON.stringify(answers).length > 64 * 1024) throw new BadUserInputError("answers are too large (64 KiB at most)", { argument: "answers" });
    const row: QuestionnaireEntity = { id: randomUUID(), patientId, organizationId, answers: answers as object, submittedAt: new Date() };
    await dataSource("phr").transaction(async (m) => {
      await knownOrg(m, organizationId);
      await m.getRepository(QuestionnaireEntity).insert(row);
      await consentFor(m, patientId, organizationId, "phr_questionnaire", new Date(Date.now() + 30 * 86_400_000), "QUESTIONNAIRE");
    });
    return { ...row, sourceOrgId: organizationId, organization: { id: organizationId } };
  }

  @Mutation(() => Reservation, { description: "Book a visit (受診予約); the institution may pre-fetch documents" }) @Category("reservation")
  async makeReservation(@Arg("organizationId", () => ID) organizationId: string, @Arg("date", () => String, { description: "YYYY-MM-DD" }) date: string): Promise<Reservation> {
    const patientId = patientSelf("books visits", "reservation");
    const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date(NaN);
    const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    if (Number.isNaN(day.getTime()) || day < today || day.getTime() > today.getTime() + 366 * 86_400_000) {
      throw new BadUserInputError("date must be a day from today to a year ahead (YYYY-MM-DD)", { argument: "date" });
    }
    const row: ReservationEntity = { id: randomUUID(), patientId, organizationId, date, status: "BOOKED", createdAt: new Date() };
    await dataSource("phr").transaction(async (m) => {
      await knownOrg(m, organizationId);
      await m.getRepository(ReservationEntity).insert(row);
      await consentFor(m, patientId, organizationId, "reservation", new Date(day.getTime() + 2 * 86_400_000), "RESERVATION");
    });
    return { ...row, sourceOrgId: organizationId, organization: { id: organizationId } };
  }

  @Mutation(() => Reservation, { description: "Cancel a reservation" }) @Category("reservation")
  async cancelReservation(@Arg("id", () => ID) id: string): Promise<Reservation> {
    const patientId = patientSelf("cancels visits", "reservation");
    const repo = dataSource("phr").getRepository(ReservationEntity);
    const row = await repo.findOneBy({ id, patientId });
    if (!row) throw new NotFoundError("reservation not found");
    if (row.status !== "CANCELLED") await repo.update({ id }, { status: "CANCELLED" });
    return { ...row, status: "CANCELLED", sourceOrgId: row.organizationId, organization: { id: row.organizationId } };
  }
}
