import { Arg, Mutation, Resolver } from "type-graphql";
import { BadUserInputError, Category, callerInstitution, config, NON_PATIENT, Operation, RateLimitedError, requestContext } from "@hub/common";
import { disasterById, grantsStartedSince, lookupsSince, openIdentification, recordLookup, startGrant } from "@hub/policies";
import { findPatientsForEmergency, patientByInsuredId, type PatientIdentity } from "@hub/clinical";
import { checkDisaster } from "./disaster-check.js";
import { EmergencyPatientLookup, FindPatientForEmergencyInput, type EmergencyPatientCandidate } from "./find-patient.type.js";

const MAX_CANDIDATES = 5;
const MAX_YEAR_SPAN = 10;
const MIN_JUSTIFICATION = 10;
const FIELD = /^[^\s:]{1,20}$/;

type Criteria = { card: string } | { search: Parameters<typeof findPatientsForEmergency>[0] };

/** Bad input writes nothing: every check runs before the lookup is recorded. */
function criteriaOf(input: FindPatientForEmergencyInput): Criteria {
  const j = input.justification.trim();
  if (j.length < MIN_JUSTIFICATION || input.justification.length > 2000) throw new BadUserInputError(`justification: ${MIN_JUSTIFICATION}–2000 characters`, { argument: "justification" });
  const byName = !!(input.name?.trim() || input.kana?.trim());
  if (input.card && byName) throw new BadUserInputError("look up by card fields or by name, not both", { argument: "card" });
  if (input.card) {
    const c = input.card;
    if (!/^\d{8}$/.test(c.insurerNumber)) throw new BadUserInputError("insurerNumber must be 8 digits", { argument: "card.insurerNumber" });
    if (!FIELD.test(c.symbol) || !FIELD.test(c.number)) throw new BadUserInputError("symbol and number: 1–20 characters, no spaces or colons", { argument: "card" });
    if (c.branch != null && !/^\d{2}$/.test(c.branch)) throw new BadUserInputError("branch (枝番) must be 2 digits", { argument: "card.branch" });
    return { card: `${c.insurerNumber}:${c.symbol}:${c.number}:${c.branch ?? ""}` };
  }
  if (!byName) throw new BadUserInputError("give card fields, or a name or kana with a birth date and sex", { argument: "input" });
  if ((input.name?.length ?? 0) > 100 || (input.kana?.length ?? 0) > 100) throw new BadUserInputError("name and kana: 100 characters at most", { argument: "name" });
  if (!input.sex) throw new BadUserInputError("sex is required with a name or kana", { argument: "sex" });
  const year = new Date().getUTCFullYear();
  if (input.birthDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate) || Number.isNaN(Date.parse(input.birthDate))) throw new BadUserInputError("birthDate must be YYYY-MM-DD", { argument: "birthDate" });
    if (input.birthYearFrom != null || input.birthYearTo != null) throw new BadUserInputError("give a birth date or a range of birth years, not both", { argument: "birthYearFrom" });
  } else {
    const from = input.birthYearFrom, to = input.birthYearTo;
    if (from == null || to == null) throw new BadUserInputError("a birth date, or birthYearFrom and birthYearTo, is required", { argument: "birthYearFrom" });
    if (from < 1900 || to > year || from > to || to - from > MAX_YEAR_SPAN) {
      throw new BadUserInputError(`birth years: 1900–${year}, from ≤ to, a range of at most ${MAX_YEAR_SPAN} years`, { argument: "birthYearFrom" });
    }
  }
  return { search: { name: input.name?.trim() || null, kana: input.kana?.trim() || null, birthDate: input.birthDate ?? null, birthYearFrom: input.birthYearFrom, birthYearTo: input.birthYearTo, gender: input.sex } };
}

const toCandidate = (p: PatientIdentity): EmergencyPatientCandidate => ({ id: p.id, name: p.name, kana: p.kana, birthDate: p.birthDate, sex: p.gender as EmergencyPatientCandidate["sex"] });

@Resolver()
export class FindPatientResolver {
  /**
   * 救急時の患者特定: an unconscious patient arrives with an insurance card, a My Number card, or only a name and an
   * approximate age. At most five candidates, with only what tells them apart; each lookup needs a justification,
   * is audited under every candidate (who is notified) and limited per actor (more under a declaration). Under a
   * declared disaster, a lookup that pins down one patient identifies her for the caller's institution: its staff
   * then read her disaster set with purpose DISASTER, without a per-patient justification (docs/emergency.md).
   */
  @Mutation(() => EmergencyPatientLookup, { description: "Find a patient for emergency or disaster treatment (justified, audited, rate limited)" })
  @Category(NON_PATIENT) @Operation("find-patient-emergency", { category: "demographics", forInstitution: true })
  async findPatientForEmergency(@Arg("input", () => FindPatientForEmergencyInput) input: FindPatientForEmergencyInput): Promise<EmergencyPatientLookup> {
    const cfg = config();
    const actor = requestContext().actor;
    const org = callerInstitution();
    const now = new Date();
    const criteria = criteriaOf(input);
    const disasterId = input.disasterId ?? null;
    if (disasterId) await checkDisaster(disasterId, org, now);
    const limit = disasterId ? cfg.disasterLookupsPerHour : cfg.emergencyLookupsPerHour;
    if ((await lookupsSince(actor.sub, new Date(now.getTime() - 3600_000), disasterId !== null)) >= limit) {
      throw new RateLimitedError("too many emergency lookups in the last hour", 3600);
    }
    let found: PatientIdentity[];
    if ("card" in criteria) {
      const p = await patientByInsuredId(criteria.card);
      found = p ? [p] : [];
    } else {
      found = await findPatientsForEmergency(criteria.search, MAX_CANDIDATES + 1);
    }
    const tooMany = found.length > MAX_CANDIDATES;
    const candidates = tooMany ? [] : found;
    await recordLookup({ actor, method: "card" in criteria ? "CARD" : "SEARCH", justification: input.justification.trim(), disasterId, candidateIds: candidates.map((c) => c.id), at: now });
    let disasterAccessId: string | null = null;
    if (disasterId && candidates.length === 1) disasterAccessId = await identify(candidates[0].id, disasterId, "card" in criteria ? "CARD" : "SEARCH", input.justification.trim(), now);
    return { candidates: candidates.map(toCandidate), tooMany, disasterAccessId };
  }
}

/** The institution's identification of the patient under the declaration (one per institution, patient and declaration). */
async function identify(patientId: string, disasterId: string, method: "CARD" | "SEARCH", justification: string, now: Date): Promise<string> {
  const actor = requestContext().actor;
  const open = await openIdentification(patientId, actor.org!, disasterId, now);
  if (open) return open.id;
  if ((await grantsStartedSince(actor.sub, new Date(now.getTime() - 3600_000), true)) >= config().disasterStartsPerHour) {
    throw new RateLimitedError("too many disaster identifications in the last hour", 3600);
  }
  const d = (await disasterById(disasterId))!;
  const g = await startGrant({ patientId, actor, reason: "DISASTER", justification, disasterId, startedAt: now, expiresAt: d.endsAt, scope: "INSTITUTION", identifiedBy: method });
  return g.id;
}
