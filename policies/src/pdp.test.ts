import { beforeAll, describe, expect, it } from "vitest";
import type { Actor, DataCategory, Purpose } from "@hub/common";
import type { PatientAttributes } from "./attributes/patient-attributes.js";
import { decide, type RolePolicy } from "./pdp.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";

let policy: RolePolicy;
beforeAll(async () => {
  const { model, policy: csv } = readPolicyFiles();
  policy = (await CasbinRolePolicy.create(model, csv)).check;
});

const now = new Date("2026-11-23T00:00:00Z");
const doctorB: Actor = { sub: "D-001", role: "doctor", org: "1310000002", amr: [] };
const patient1: Actor = { sub: "P-0001", role: "patient", patientId: "P-0001", amr: [] };
const responder: Actor = { sub: "ER-001", role: "emergency_responder", org: "1310000009", amr: ["mfa"] };
const empty: PatientAttributes = { patientId: "P-0001", consents: [], seals: [], cardFlags: [], emergency: null };
const consentB: PatientAttributes = { ...empty, consents: [{ id: "C1", status: "ACTIVE" as const, organizationId: "1310000002", purpose: "TREAT", categories: null, expiresAt: null }] };
const read = (actor: Actor, purpose: Purpose, category: DataCategory, attrs: PatientAttributes, extra: { sourceOrgId?: string; withheld?: boolean; aspect?: "metadata" } = {}) =>
  decide({ actor, purpose, now }, { patientId: "P-0001", category, ...extra }, attrs, policy);

describe("PDP decision order (SPEC §6)", () => {
  it("the desk reads a consented document's metadata, never its content; seals and the consent decide the metadata as they decide the content", () => {
    const clerkB: Actor = { sub: "C-001", role: "clerk", org: "1310000002", amr: [] };
    expect(read(clerkB, "TREAT", "document_referral", consentB, { aspect: "metadata" })).toMatchObject({ allowed: true, rule: "consent:C1" });
    expect(read(clerkB, "TREAT", "document_referral", consentB)).toMatchObject({ allowed: false, rule: "role-policy-no-match" });
    expect(read(clerkB, "TREAT", "document_referral", empty, { aspect: "metadata" })).toMatchObject({ allowed: false, rule: "no-consent" });
    const sealed = { ...consentB, seals: [{ id: "S1", level: "SEALED" as const, sourceOrganizationId: null, category: "document_referral" as const, recordIds: null }] };
    expect(read(clerkB, "TREAT", "document_referral", sealed, { aspect: "metadata" })).toMatchObject({ allowed: false, rule: "seal-sealed" });
    // Whoever may read the content may read what it is; a role with neither line is refused by the content's rule.
    expect(read(doctorB, "TREAT", "document_referral", consentB, { aspect: "metadata" })).toMatchObject({ allowed: true, rule: "consent:C1" });
    const pharmacist: Actor = { sub: "PH-001", role: "pharmacist", org: "1310000002", amr: [] };
    expect(read(pharmacist, "TREAT", "document_referral", consentB, { aspect: "metadata" })).toMatchObject({ allowed: false, rule: "role-policy-no-match" });
  });

  it("a deny line naming a document's category refuses its metadata too; metadata lines open documents only", async () => {
    const { model, policy: csv } = readPolicyFiles();
    const denying = (await CasbinRolePolicy.create(model, `${csv}\np, clerk, *, document_summary, read, *, deny, desk-no-summaries`)).check;
    const clerkB: Actor = { sub: "C-001", role: "clerk", org: "1310000002", amr: [] };
    const resource = (category: DataCategory) => ({ patientId: "P-0001", category, aspect: "metadata" as const });
    expect(decide({ actor: clerkB, purpose: "TREAT", now }, resource("document_summary"), consentB, denying)).toMatchObject({ allowed: false, rule: "desk-no-summaries" });
    expect(decide({ actor: clerkB, purpose: "TREAT", now }, resource("document_referral"), consentB, denying)).toMatchObject({ allowed: true });
    // A metadata read of something that is not a document is decided as a content read.
    expect(decide({ actor: clerkB, purpose: "TREAT", now }, resource("condition"), consentB, policy)).toMatchObject({ allowed: false, rule: "role-policy-no-match" });
  });

  it("allows a consented institution and names the consent as the deciding rule", () => {
    expect(read(doctorB, "TREAT", "condition", consentB)).toMatchObject({ allowed: true, rule: "consent:C1" });
  });

  it("denies without consent, and after the consent expired", () => {
    expect(read(doctorB, "TREAT", "condition", empty)).toMatchObject({ allowed: false, rule: "no-consent" });
    const expired = { ...empty, consents: [{ ...consentB.consents[0], expiresAt: new Date(now.getTime() - 1) }] };
    expect(read(doctorB, "TREAT", "condition", expired).allowed).toBe(false);
  });

  it("a SEALED record is denied to everyone but the patient, a RESTRICTED one to all but break-glass and the patient", () => {
    const sealed = { ...consentB, seals: [{ id: "S1", level: "SEALED" as const, sourceOrganizationId: "1310000001", category: null, recordIds: null }] };
    expect(read(doctorB, "TREAT", "condition", sealed, { sourceOrgId: "1310000001" })).toMatchObject({ allowed: false, rule: "seal-sealed" });
    expect(read(doctorB, "TREAT", "condition", sealed, { sourceOrgId: "1310000002" }).allowed).toBe(true);
    expect(read(patient1, "PATRQT", "condition", sealed, { sourceOrgId: "1310000001" }).allowed).toBe(true);
    const grant = { id: "E1", patientId: "P-0001", actorSub: "ER-001", actorOrg: "1310000009", actorRole: "emergency_responder", mfa: true, expiresAt: new Date(now.getTime() + 3600_000) };
    expect(read(responder, "ETREAT", "condition", { ...sealed, emergency: grant }, { sourceOrgId: "1310000001" }).allowed).toBe(false);
    const restricted = { ...consentB, seals: [{ ...sealed.seals[0], level: "RESTRICTED" as const }] };
    expect(read(doctorB, "TREAT", "condition", restricted, { sourceOrgId: "1310000001" })).toMatchObject({ allowed: false, rule: "seal-restricted" });
    expect(read(responder, "ETREAT", "condition", { ...restricted, emergency: grant }, { sourceOrgId: "1310000001" }).allowed).toBe(true);
  });

  it("withheld records are hidden from the patient only", () => {
    expect(read(patient1, "PATRQT", "condition", empty, { withheld: true })).toMatchObject({ allowed: false, rule: "withheld-from-patient" });
    expect(read(doctorB, "TREAT", "condition", consentB, { withheld: true }).allowed).toBe(true);
  });

  it("ETREAT needs a grant for this patient and actor, and covers only the emergency set", () => {
    expect(read(responder, "ETREAT", "allergy", empty)).toMatchObject({ allowed: false, rule: "etreat-without-grant" });
    const grant = { id: "E1", patientId: "P-0001", actorSub: "ER-001", actorOrg: "1310000009", actorRole: "emergency_responder", mfa: true, expiresAt: new Date(now.getTime() + 3600_000) };
    expect(read(responder, "ETREAT", "allergy", { ...empty, emergency: grant }).allowed).toBe(true);
    expect(read(responder, "ETREAT", "phr_vital", { ...empty, emergency: grant }).allowed).toBe(false);
    expect(read(responder, "ETREAT", "allergy", { ...empty, emergency: { ...grant, actorSub: "ER-002" } }).allowed).toBe(false);
  });

  it("a grant binds the whole actor: the same sub at another institution, in another role or without MFA is refused", () => {
    const grant = { id: "E1", patientId: "P-0001", actorSub: "ER-001", actorOrg: "1310000009", actorRole: "emergency_responder", mfa: true, expiresAt: new Date(now.getTime() + 3600_000) };
    const attrs = { ...empty, emergency: grant };
    expect(read(responder, "ETREAT", "allergy", attrs).allowed).toBe(true);
    expect(read({ ...responder, org: "2710000009" }, "ETREAT", "allergy", attrs)).toMatchObject({ allowed: false, rule: "etreat-without-grant" });
    expect(read({ ...responder, role: "doctor" }, "ETREAT", "allergy", attrs).allowed).toBe(false);
    expect(read({ ...responder, amr: [] }, "ETREAT", "allergy", attrs).allowed).toBe(false);
  });

  it("seal scope fields combine with AND: A's conditions are sealed, A's allergies and B's conditions are not", () => {
    const sealed = { ...consentB, seals: [{ id: "S1", level: "SEALED" as const, sourceOrganizationId: "1310000001", category: "condition" as DataCategory, recordIds: null }] };
    expect(read(doctorB, "TREAT", "condition", sealed, { sourceOrgId: "1310000001" })).toMatchObject({ allowed: false, rule: "seal-sealed" });
    expect(read(doctorB, "TREAT", "allergy", sealed, { sourceOrgId: "1310000001" }).allowed).toBe(true);
    expect(read(doctorB, "TREAT", "condition", sealed, { sourceOrgId: "1310000002" }).allowed).toBe(true);
  });

  it("a record-scoped consent opens that record only; a source-scoped one that institution's records only", () => {
    const scoped = { ...empty, consents: [{ id: "C2", status: "ACTIVE" as const, organizationId: "1310000002", purpose: "TREAT" as Purpose, categories: ["phr_questionnaire" as DataCategory], expiresAt: null, recordIds: ["Q-1"] }] };
    const q = (recordId: string) => decide({ actor: doctorB, purpose: "TREAT", now }, { patientId: "P-0001", category: "phr_questionnaire", recordId }, scoped, policy);
    expect(q("Q-1")).toMatchObject({ allowed: true, rule: "consent:C2" });
    expect(q("Q-2")).toMatchObject({ allowed: false, rule: "no-consent" });
    const list = decide({ actor: doctorB, purpose: "TREAT", now }, { patientId: "P-0001", category: "phr_questionnaire", list: true }, scoped, policy);
    expect(list.allowed).toBe(true);
    expect(list.rowScope?.map((c) => c.id)).toEqual(["C2"]);
    const bySource = { ...empty, consents: [{ ...consentB.consents[0], sourceOrganizationIds: ["1310000001"] }] };
    expect(read(doctorB, "TREAT", "condition", bySource, { sourceOrgId: "1310000001" }).allowed).toBe(true);
    expect(read(doctorB, "TREAT", "condition", bySource, { sourceOrgId: "1310000003" }).allowed).toBe(false);
  });

  it("card-reader flags allow their categories for 24 hours at the reading institution", () => {
    const flags = { ...empty, cardFlags: [{ organizationId: "1310000002", categories: ["prescription" as DataCategory], confirmedAt: new Date(now.getTime() - 3600_000) }] };
    expect(read(doctorB, "TREAT", "prescription", flags)).toMatchObject({ allowed: true, rule: "card-reader-consent" });
    expect(read(doctorB, "TREAT", "condition", flags).allowed).toBe(false);
    const old = { ...flags, cardFlags: [{ ...flags.cardFlags[0], confirmedAt: new Date(now.getTime() - 25 * 3600_000) }] };
    expect(read(doctorB, "TREAT", "prescription", old).allowed).toBe(false);
  });

  it("the role policy comes first: researchers never read clinical data, even with a consent", () => {
    const researcher: Actor = { sub: "R-001", role: "researcher", org: "1310000002", amr: [] };
    expect(read(researcher, "TREAT", "condition", consentB)).toMatchObject({ allowed: false, rule: "researcher-no-identified-data" });
  });
});
