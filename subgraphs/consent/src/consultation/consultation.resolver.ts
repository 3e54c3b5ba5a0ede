import { randomUUID } from "node:crypto";
import { Arg, Args, Field, ID, Mutation, Query, Resolver, ArgsType } from "type-graphql";
import {
  BadUserInputError, Category, ConflictError, FhirValidationError, ForbiddenError, NON_PATIENT, NotFoundError, Operation, PageArgs, caller, callerInstitution,
  callerPatient, config, dataSource, decodeCursor, pageSize, toConnection, type DataCategory,
} from "@hub/common";
import { activeConsents, endConsent, grantConsent, issueLinkedId, policyRuntime, shareLimit, type Queryable } from "@hub/policies";
import { recordAttributes } from "@hub/clinical";
import { hasErrors, validateR4 } from "@hub/documents";
import { ConsultationAnswerInput, RequestConsultationInput } from "./consultation.input.js";
import { Consultation, ConsultationBox, ConsultationConnection, ConsultationStatus } from "./consultation.type.js";
import { auditStep, consultationById, effectiveStatus, insertConsultation, listConsultations, transition, type ConsultationRow } from "./consultation.store.js";
import { partyFacts, partyOf } from "./consultation.policy.js";
import { toConsultation } from "./consultation.view.js";

/** What a consultation may share: the six kinds of clinical information (文書 carry the patient's identity in their FHIR). */
export const CONSULTABLE: readonly DataCategory[] = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"];
const ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
const NOT_FOUND = "consultation not found";

@ArgsType()
class ConsultationsArgs extends PageArgs {
  @Field(() => ConsultationStatus, { nullable: true }) status?: ConsultationStatus | null;
  @Field(() => ConsultationBox, { defaultValue: ConsultationBox.INBOX }) box!: ConsultationBox;
}

const tx = <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => dataSource("consent").transaction((m) => fn(m));

/** The consent the specialist reads under: scoped to them, the categories and records asked, until the consultation ends. */
async function openConsultation(c: ConsultationRow, q: Queryable, basedOn: { id: string; expiresAt: Date | null } | null, shareIdentity: boolean): Promise<ConsultationRow> {
  const consent = await grantConsent({
    patientId: c.patientId, organizationId: c.specialistOrg, purpose: "TREAT", source: "CONSULTATION", practitionerSub: c.specialistSub,
    categories: shareIdentity ? [...c.categories, "demographics"] : c.categories, recordIds: c.recordIds,
    expiresAt: basedOn ? new Date(Math.min(c.expiresAt.getTime(), shareLimit(new Date(), basedOn.expiresAt, "CONSULTATION").getTime())) : c.expiresAt,
    sharedBy: c.requesterSub, originId: basedOn?.id ?? c.id, detail: { consultationId: c.id, from: c.requesterOrg },
  }, q);
  const opened = await transition(c.id, ["PENDING"], { status: "OPEN", consentId: consent.id, basedOn: basedOn?.id ?? null, shareIdentity }, q);
  if (!opened) throw new ConflictError("the consultation is no longer waiting for approval");
  await auditStep("consultation-opened", opened, q, { basis: basedOn ? "ONWARD_SHARING" : "PATIENT_APPROVAL", identityShared: shareIdentity });
  return opened;
}

/** Close an open or pending consultation: its consent ends now, whatever its expiry said. */
async function close(c: ConsultationRow, status: "ANSWERED" | "WITHDRAWN" | "DECLINED", q: Queryable, set: Parameters<typeof transition>[2] = {}): Promise<ConsultationRow> {
  const closed = await transition(c.id, status === "DECLINED" ? ["PENDING"] : status === "ANSWERED" ? ["OPEN"] : ["PENDING", "OPEN"], { ...set, status, closedAt: new Date() }, q);
  if (!closed) throw new ConflictError(`the consultation is ${effectiveStatus(c).toLowerCase()}`);
  if (c.consentId) await endConsent(c.patientId, c.consentId, `consultation ${status.toLowerCase()}`, q);
  return closed;
}

/** The requester may read every record asked for (a consultation never reaches beyond the requesting institution). */
async function checkRequesterMayRead(patientId: string, categories: DataCategory[], recordIds: string[] | null): Promise<void> {
  const runtime = policyRuntime();
  if (recordIds) {
    const found = new Map((await recordAttributes(patientId, recordIds)).map((r) => [r.id, r]));
    for (const id of recordIds) {
      const r = found.get(id);
      const d = r ? await runtime.decide({ patientId, category: r.category as DataCategory, sourceOrgId: r.sourceOrgId, recordId: r.id, withheld: r.withheld }) : null;
      // Unknown, another patient's and unreadable records answer alike.
      if (!r || !d!.allowed) throw new BadUserInputError(`unknown record ${id}`, { argument: "recordIds" });
      if (!categories.includes(r.category as DataCategory)) throw new BadUserInputError(`record ${id} is not of the categories asked`, { argument: "recordIds" });
    }
    return;
  }
  for (const category of categories) {
    const d = await runtime.decide({ patientId, category, list: true });
    if (!d.allowed) throw new ForbiddenError("a consultation cannot share what your institution may not read", { rule: "consultation-beyond-access", category });
  }
}

@Resolver()
export class ConsultationResolver {
  /**
   * A treating doctor asks a specialist. It rides on an onward-sharing consent the patient gave the requester's
   * institution (then it opens at once), or waits for the patient's approval. Either way she is notified and sees it.
   */
  @Mutation(() => Consultation) @Category(NON_PATIENT) @Operation("request-consultation", { category: "consent", forInstitution: true })
  async requestConsultation(@Arg("input", () => RequestConsultationInput) input: RequestConsultationInput): Promise<Consultation> {
    const actor = caller();
    const org = callerInstitution();
    const now = new Date();
    const categories = [...new Set(input.categories)] as DataCategory[];
    const question = input.question.trim();
    if (!ID_RE.test(input.patientId)) throw new BadUserInputError("malformed patient id", { argument: "patientId" });
    if (question.length === 0 || question.length > 4000) throw new BadUserInputError("question: 1 to 4000 characters", { argument: "question" });
    if (categories.length === 0 || categories.some((k) => !CONSULTABLE.includes(k))) {
      throw new BadUserInputError("categories: one or more of the six kinds of clinical information", { argument: "categories" });
    }
    if (!/^\d{10}$/.test(input.specialistOrganizationId)) throw new BadUserInputError("specialistOrganizationId must be a 10-digit institution code", { argument: "specialistOrganizationId" });
    if (input.specialistOrganizationId === org) throw new BadUserInputError("ask a specialist of another institution", { argument: "specialistOrganizationId" });
    if (!ID_RE.test(input.specialistPractitionerId)) throw new BadUserInputError("malformed specialistPractitionerId", { argument: "specialistPractitionerId" });
    if (input.expiresAt <= now || input.expiresAt > shareLimit(now, null, "CONSULTATION")) throw new BadUserInputError("expiresAt must be within the next 90 days", { argument: "expiresAt" });
    const recordIds = input.recordIds && input.recordIds.length > 0 ? [...new Set(input.recordIds)] : null;
    if (recordIds && (recordIds.length > 100 || recordIds.some((id) => !ID_RE.test(id)))) throw new BadUserInputError("recordIds: at most 100 well-formed ids", { argument: "recordIds" });
    await checkRequesterMayRead(input.patientId, categories, recordIds);
    const base = input.askPatient ? undefined : (await activeConsents(input.patientId, org, "TREAT", ["PORTAL"])).find((c) => c.onwardSharing && !c.recordIds && !c.sourceOrganizationIds
      && (c.categories === null || categories.every((k) => c.categories!.includes(k))));
    const id = randomUUID();
    const row = await tx(async (q) => {
      await insertConsultation({ id, patientId: input.patientId, requesterOrg: org, requesterSub: actor.sub, specialistOrg: input.specialistOrganizationId,
        specialistSub: input.specialistPractitionerId, question, categories, recordIds, expiresAt: input.expiresAt }, q).catch((e: { code?: string }) => {
        if (e.code === "23503") throw new BadUserInputError("unknown institution", { argument: "specialistOrganizationId" });
        throw e;
      });
      await issueLinkedId({ patientId: input.patientId, consultationId: id, organizationId: input.specialistOrganizationId, practitionerSub: input.specialistPractitionerId }, q);
      const c = (await consultationById(id, q))!;
      await auditStep("consultation-requested", c, q, { question: null, basis: base ? "ONWARD_SHARING" : "PATIENT_APPROVAL" });
      return base ? openConsultation(c, q, { id: base.id, expiresAt: base.expiresAt }, false) : c;
    });
    return toConsultation(row, "requester");
  }

  @Mutation(() => Consultation, { description: "The patient lets the specialist read what the consultation asks (and, if she chooses, who she is)" })
  @Category(NON_PATIENT) @Operation("approve-consultation", { category: "consent", hideResource: true, facts: partyFacts("patient"), notFound: NOT_FOUND })
  async approveConsultation(@Arg("id", () => ID) id: string, @Arg("shareIdentity", () => Boolean, { defaultValue: false }) shareIdentity: boolean): Promise<Consultation> {
    callerPatient();
    const c = await consultationById(id);
    if (!c) throw new NotFoundError(NOT_FOUND);
    if (effectiveStatus(c) !== "PENDING") throw new ConflictError(`the consultation is ${effectiveStatus(c).toLowerCase()}`);
    return toConsultation(await tx((q) => openConsultation(c, q, null, shareIdentity)), "patient");
  }

  @Mutation(() => Consultation) @Category(NON_PATIENT) @Operation("decline-consultation", { category: "consent", hideResource: true, facts: partyFacts("patient"), notFound: NOT_FOUND })
  async declineConsultation(@Arg("id", () => ID) id: string): Promise<Consultation> {
    const c = await consultationById(id);
    if (!c) throw new NotFoundError(NOT_FOUND);
    return toConsultation(await tx(async (q) => { const d = await close(c, "DECLINED", q); await auditStep("consultation-declined", d, q); return d; }), "patient");
  }

  @Mutation(() => Consultation, { description: "The requester withdraws the consultation: the specialist's access ends now" })
  @Category(NON_PATIENT) @Operation("withdraw-consultation", { category: "consent", hideResource: true, facts: partyFacts("requester"), notFound: NOT_FOUND })
  async withdrawConsultation(@Arg("id", () => ID) id: string): Promise<Consultation> {
    const c = await consultationById(id);
    if (!c) throw new NotFoundError(NOT_FOUND);
    return toConsultation(await tx(async (q) => { const w = await close(c, "WITHDRAWN", q); await auditStep("consultation-withdrawn", w, q); return w; }), "requester");
  }

  @Mutation(() => Consultation, { description: "The specialist answers: text, and FHIR R4 resources when given; their access ends with it" })
  @Category(NON_PATIENT) @Operation("answer-consultation", { category: "consent", forInstitution: true, hideResource: true, facts: partyFacts("specialist"), notFound: NOT_FOUND })
  async answerConsultation(@Arg("id", () => ID) id: string, @Arg("answer", () => ConsultationAnswerInput) answer: ConsultationAnswerInput): Promise<Consultation> {
    const text = answer.text.trim();
    if (text.length === 0 || text.length > 10_000) throw new BadUserInputError("answer.text: 1 to 10000 characters", { argument: "answer" });
    const resources = answer.resources ?? [];
    if (resources.length > 20 || JSON.stringify(resources).length > 1024 * 1024) throw new BadUserInputError("answer.resources: at most 20 resources, 1 MiB", { argument: "answer" });
    resources.forEach((r, i) => {
      const issues = validateR4(r);
      if (hasErrors(issues)) throw new FhirValidationError(issues.filter((x) => x.severity === "error").map((x) => ({ ...x, path: `resources[${i}].${x.path ?? ""}` })));
    });
    const c = await consultationById(id);
    if (!c) throw new NotFoundError(NOT_FOUND);
    const answered = await tx(async (q) => {
      const a = await close(c, "ANSWERED", q, { answerText: text, answerResources: resources, answeredAt: new Date() });
      await auditStep("consultation-answered", a, q, { resources: resources.map((r) => String(r.resourceType)) });
      return a;
    });
    return toConsultation(answered, "specialist");
  }

  @Query(() => Consultation, { nullable: true, description: "One consultation you are a party to" })
  @Category(NON_PATIENT) @Operation("read-consultations", { hideResource: true, facts: partyFacts("requester", "specialist"), notFound: NOT_FOUND })
  async consultation(@Arg("id", () => ID) id: string): Promise<Consultation | null> {
    const c = await consultationById(id);
    const party = c ? partyOf(c) : null;
    if (!c || !party || party === "patient") throw new NotFoundError(NOT_FOUND);
    if (party === "specialist") await tx((q) => auditStep("consultation-read", c, q));
    return toConsultation(c, party);
  }

  @Query(() => ConsultationConnection, { description: "Your consultations: INBOX (addressed to you) or SENT (asked by you), newest first" })
  @Category(NON_PATIENT) @Operation("read-consultations", { forInstitution: true })
  async consultations(@Args() { status, box, first, after }: ConsultationsArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const me = { org: callerInstitution(), sub: caller().sub };
    const rows = await listConsultations(box === ConsultationBox.SENT ? { requester: me } : { specialist: me }, status ?? null, limit + 1, decodeCursor(after));
    const party = box === ConsultationBox.SENT ? "requester" : "specialist";
    return toConnection(rows.map((r) => toConsultation(r, party)), limit, (c) => ({ at: c.createdAt.toISOString(), id: c.id }));
  }
}
