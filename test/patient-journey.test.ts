import { describe, expect, it } from "vitest";
import { as, codes, db, gql, token } from "./support/client.js";

const CLINIC_A = "1310000001";
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const CONFIRM = `mutation($i: ConfirmEligibilityInput!) { confirmEligibility(input: $i) { patientId categories cardConsentValidUntil } }`;
const card = (extra: Record<string, unknown> = {}) => ({ insurerNumber: "06139992", symbol: "さ-07", number: "1188", branch: "00", birthDate: "1971-09-30", copayRatio: 30, consent: { medication: true }, ...extra });

describe("the patient's journey (マイナポータル / card reader)", () => {
  it("reserve at the clinic, send the questionnaire, consent at the card reader: the doctor sees allergies and prescriptions that day, not the next", async () => {
    const patient = await as.patient("P-0002");
    const clerk = await token({ role: "clerk", sub: "CL-A", org: CLINIC_A });
    const doctorA = await token({ role: "doctor", sub: "D-A01", org: CLINIC_A });
    const since = new Date().toISOString();

    const rsv = await gql<any>(`mutation($d: String!) { makeReservation(organizationId: "${CLINIC_A}", date: $d) { id status date organization { id } } }`, { token: patient, variables: { d: tomorrow() } });
    expect(rsv.data.makeReservation).toMatchObject({ status: "BOOKED", date: tomorrow(), organization: { id: CLINIC_A } });
    const qn = await gql<any>(`mutation { submitQuestionnaire(organizationId: "${CLINIC_A}", answers: { chiefComplaint: "腰痛", smoking: false }) { id } }`, { token: patient });
    expect(qn.errors).toBeUndefined();

    // Before the card reading the clinic sees only what the patient sent it.
    const before = await gql<any>(`{ patient(id: "P-0002") { allergies { nodes { id } } questionnaires { nodes { answers } } reservations { nodes { date } } } }`, { token: doctorA });
    expect(before.data.patient.allergies).toBeNull();
    expect(before.data.patient.questionnaires.nodes[0].answers).toEqual({ chiefComplaint: "腰痛", smoking: false });
    expect(before.data.patient.reservations.nodes.map((r: any) => r.date)).toContain(tomorrow());

    const confirmed = await gql<any>(CONFIRM, { token: clerk, variables: { i: card() } });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmEligibility.patientId).toBe("P-0002");
    // The answer is what the reading clerk may now read (the policy lets clerks read demographics and eligibility);
    // the doctor of the same clinic reads the flagged categories below.
    expect([...confirmed.data.confirmEligibility.categories].sort()).toEqual(["demographics", "eligibility"]);

    const today = await gql<any>(`{ patient(id: "P-0002") { allergies { nodes { display } } prescriptions { nodes { display } } conditions { nodes { id } } eligibility { insurerNumber consentFlags } } }`, { token: doctorA });
    expect(today.data.patient.allergies.nodes.map((n: any) => n.display)).toContain("セフェム系抗生物質");
    expect(today.data.patient.prescriptions.nodes.length).toBeGreaterThan(0);
    expect(today.data.patient.eligibility).toEqual({ insurerNumber: "06139992", consentFlags: ["medication"] });
    expect(today.data.patient.conditions).toBeNull(); // no diagnosis flag given
    expect(today.errors![0].extensions).toMatchObject({ category: "condition", rule: "no-consent" });

    // The next day: the 24 h card-reader consent has lapsed.
    const c = await db();
    await c.query(`UPDATE eligibility.card_consents SET confirmed_at = confirmed_at - interval '25 hours' WHERE patient_id = 'P-0002' AND organization_id = $1`, [CLINIC_A]);
    await c.end();
    const nextDay = await gql<any>(`{ patient(id: "P-0002") { allergies { nodes { id } } prescriptions { nodes { id } } } }`, { token: doctorA });
    expect(nextDay.data.patient).toEqual({ allergies: null, prescriptions: null });

    const log = await gql<any>(`query($s: DateTime) { patient(id: "P-0002") { accessLog(since: $s, first: 100) { nodes { organization { id } actorRole category decision event at } } } }`, { token: patient, variables: { s: since } });
    const entries = log.data.patient.accessLog.nodes;
    expect(entries).toContainEqual(expect.objectContaining({ organization: { id: CLINIC_A }, actorRole: "DOCTOR", category: "allergy", decision: "ALLOW" }));
    expect(entries).toContainEqual(expect.objectContaining({ organization: { id: CLINIC_A }, actorRole: "DOCTOR", category: "allergy", decision: "DENY" }));
    expect(entries).toContainEqual(expect.objectContaining({ event: "card-consent", actorRole: "CLERK" }));
    expect(entries.every((e: any) => Date.parse(e.at) > Date.parse(since))).toBe(true);
  });

  it("refuses bad card readings with coded errors and records nothing", async () => {
    const clerk = await token({ role: "clerk", sub: "CL-A", org: CLINIC_A });
    const c = await db();
    const n = async () => Number((await c.query(`SELECT count(*) FROM eligibility.qualifications`)).rows[0].count);
    const before = await n();
    expect(codes(await gql(CONFIRM, { token: clerk, variables: { i: card({ insurerNumber: "06139999" }) } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(CONFIRM, { token: clerk, variables: { i: card({ birthDate: "1971-10-01" }) } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(CONFIRM, { token: clerk, variables: { i: card({ number: "9999" }) } }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(CONFIRM, { token: await as.patient("P-0002"), variables: { i: card() } }))).toEqual(["FORBIDDEN"]);
    expect(await n()).toBe(before);
    await c.end();
  });

  it("PHR: vitals are unit-checked; reservations can be cancelled; PHR operators read only what a PATRQT consent grants", async () => {
    const patient = await as.patient("P-0002");
    expect(codes(await gql(`mutation { recordVital(input: { kind: "weight", value: 72, unit: "lb" }) { id } }`, { token: patient }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(`mutation { recordVital(input: { kind: "blood_pressure", value: 80, value2: 120, unit: "mmHg" }) { id } }`, { token: patient }))).toEqual(["BAD_USER_INPUT"]);
    const bp = await gql<any>(`mutation { recordVital(input: { kind: "blood_pressure", value: 132, value2: 84, unit: "mmHg" }) { kind value value2 } }`, { token: patient });
    expect(bp.data.recordVital).toEqual({ kind: "blood_pressure", value: 132, value2: 84 });
    expect(codes(await gql(`mutation { makeReservation(organizationId: "${CLINIC_A}", date: "2020-01-01") { id } }`, { token: patient }))).toEqual(["BAD_USER_INPUT"]);
    const r = await gql<any>(`mutation($d: String!) { makeReservation(organizationId: "1310000005", date: $d) { id } }`, { token: patient, variables: { d: tomorrow() } });
    const cancelled = await gql<any>(`mutation { cancelReservation(id: "${r.data.makeReservation.id}") { status } }`, { token: patient });
    expect(cancelled.data.cancelReservation.status).toBe("CANCELLED");

    const operator = await token({ role: "phr_operator", sub: "OP-001", org: "1399999999" });
    expect((await gql<any>(`{ patient(id: "P-0002") { vitals { nodes { kind } } } }`, { token: operator })).data.patient.vitals).toBeNull();
    await gql(`mutation { grantConsent(input: { organizationId: "1399999999", purpose: PATRQT, categories: [PHR_VITAL] }) { id } }`, { token: patient });
    const read = await gql<any>(`{ patient(id: "P-0002") { vitals { nodes { kind } } conditions { nodes { id } } } }`, { token: operator });
    expect(read.data.patient.vitals.nodes.map((v: any) => v.kind)).toContain("blood_pressure");
    expect(read.data.patient.conditions).toBeNull();
  });

  it("specialist consultation: a consented hospital shares chosen categories with one specialist, time-boxed and revocable by the patient", async () => {
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const share = await gql<any>(`mutation($e: DateTime!) { shareWithSpecialist(input: { patientId: "P-0001", organizationId: "1310000005", practitionerId: "D-005", categories: [ALLERGY, PRESCRIPTION], expiresAt: $e, note: "抗凝固療法について御意見を" }) { id categories expiresAt } }`,
      { token: await as.doctorB(), variables: { e: inAWeek } });
    expect(share.errors).toBeUndefined();
    const specialist = await as.doctorE();
    const seen = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } prescriptions { nodes { id } } conditions { nodes { id } } } }`, { token: specialist });
    expect(seen.data.patient.allergies.nodes.length).toBeGreaterThan(0);
    expect(seen.data.patient.prescriptions.nodes.length).toBeGreaterThan(0);
    expect(seen.data.patient.conditions).toBeNull();
    const colleague = await token({ role: "doctor", sub: "D-006", org: "1310000005" });
    expect((await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: colleague })).data.patient.allergies).toBeNull();

    const mine = await gql<any>(`{ patient(id: "P-0001") { consents { nodes { id source practitionerId status } } } }`, { token: await as.patient() });
    const shared = mine.data.patient.consents.nodes.find((c: any) => c.id === share.data.shareWithSpecialist.id);
    expect(shared).toMatchObject({ source: "SHARE", practitionerId: "D-005", status: "ACTIVE" });
    await gql(`mutation { revokeConsent(id: "${shared.id}") { status } }`, { token: await as.patient() });
    expect((await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: specialist })).data.patient.allergies).toBeNull();

    // Without a consent that allows onward sharing, nothing is shared.
    const refused = await gql(`mutation($e: DateTime!) { shareWithSpecialist(input: { patientId: "P-0003", organizationId: "1310000005", practitionerId: "D-005", categories: [ALLERGY], expiresAt: $e }) { id } }`,
      { token: await as.doctorB(), variables: { e: inAWeek } });
    expect(refused.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "no-onward-sharing" });
  });
});
