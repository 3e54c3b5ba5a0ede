import { afterAll, describe, expect, it } from "vitest";
import { as, codes, db, etreat, gql, token } from "./support/client.js";

/**
 * Emergency and disaster response as responders work (issue 21, docs/emergency.md): finding an unconscious patient,
 * team grants, teams dispatched into a declared disaster, the disaster special measure, and what the patient is told.
 */
const FIND = `mutation($i: FindPatientForEmergencyInput!) { findPatientForEmergency(input: $i) { candidates { id name kana birthDate sex } tooMany disasterAccessId } }`;
const START = `mutation($i: StartEmergencyAccessInput!) { startEmergencyAccess(input: $i) { id patientId reason startedAt expiresAt endedAt team { sub role } } }`;
const SUMMARY = `query($id: ID!) { emergencySummary(patientId: $id) { patient { name } allergies { nodes { display } } currentPrescriptions { nodes { display } } latestDischargeSummary { id } } }`;
const JUSTIFICATION = "意識障害で救急搬送、本人確認のため";
const HANAKO_CARD = { insurerNumber: "06139992", symbol: "ひ-12", number: "3456", branch: "01" };
const disasterRead = { "x-purpose-of-use": "DISASTER" };
const SINCE = new Date(Date.now() - 1000).toISOString();

const find = async (tok: string, input: Record<string, unknown>) => gql<any>(FIND, { token: tok, variables: { i: { justification: JUSTIFICATION, ...input } } });
const start = async (tok: string, input: Record<string, unknown>) =>
  gql<any>(START, { token: tok, variables: { i: { reason: "EMERGENCY", justification: "心肺停止で搬送、本人同意取得不能", ...input } } });

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await db();
  try { return (await c.query(sql, params)).rows as T[]; } finally { await c.end(); }
}

describe("finding an unconscious patient", () => {
  it("by the fields of her insurance card: one candidate with only what tells patients apart", async () => {
    const r = await find(await token({ role: "emergency_responder", sub: "ER-101", org: "1310000009", mfa: true }), { card: HANAKO_CARD });
    expect(r.errors).toBeUndefined();
    expect(r.data.findPatientForEmergency).toEqual({
      candidates: [{ id: "P-0001", name: "北条 花子", kana: "ホウジョウ ハナコ", birthDate: "1958-04-12", sex: "FEMALE" }], tooMany: false, disasterAccessId: null,
    });
  });

  it("by name or kana with a birth date or an approximate age, and sex", async () => {
    const tok = await token({ role: "emergency_responder", sub: "ER-102", org: "1310000009", mfa: true });
    const byName = await find(tok, { name: "北条花子", birthDate: "1958-04-12", sex: "FEMALE" });
    expect(byName.data.findPatientForEmergency.candidates.map((c: any) => c.id)).toEqual(["P-0001"]);
    const byKanaAndAge = await find(tok, { kana: "ほうじょう　はなこ", birthYearFrom: 1955, birthYearTo: 1962, sex: "FEMALE" });
    expect(byKanaAndAge.data.findPatientForEmergency.candidates.map((c: any) => c.id)).toEqual(["P-0001"]);
    const wrongSex = await find(tok, { kana: "ホウジョウハナコ", birthYearFrom: 1955, birthYearTo: 1962, sex: "MALE" });
    expect(wrongSex.data.findPatientForEmergency.candidates).toEqual([]);
  });

  it("needs a justification, a complete description and an emergency or clinical role; bad input records nothing", async () => {
    const tok = await token({ role: "emergency_responder", sub: "ER-103", org: "1310000009", mfa: true });
    expect(codes(await gql(FIND, { token: tok, variables: { i: { card: HANAKO_CARD, justification: "急変" } } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await find(tok, { name: "北条花子", sex: "FEMALE" }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await find(tok, { kana: "ホウジョウハナコ", birthYearFrom: 1930, birthYearTo: 1990, sex: "FEMALE" }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await find(tok, { name: "北条花子", birthDate: "1958-04-12" }))).toEqual(["BAD_USER_INPUT"]);
    expect(await query(`SELECT 1 FROM consent.emergency_lookups WHERE actor_sub = 'ER-103'`)).toHaveLength(0);
    expect(codes(await find(await token({ role: "clerk", sub: "CL-103", org: "1310000009" }), { card: HANAKO_CARD }))).toEqual(["FORBIDDEN"]);
    expect(codes(await find(await as.patient("P-0002"), { card: HANAKO_CARD }))).toEqual(["FORBIDDEN"]);
  });

  it("is rate limited per actor", async () => {
    const tok = await token({ role: "emergency_responder", sub: "ER-LOOKUP-RATE", org: "1310000009", mfa: true });
    const results: string[][] = [];
    for (let i = 0; i < 21; i++) results.push(codes(await find(tok, { name: "佐藤健一", birthDate: "1971-09-30", sex: "MALE" })));
    expect(results.slice(0, 20).every((c) => c.length === 0)).toBe(true);
    expect(results[20]).toEqual(["RATE_LIMITED"]);
  });

  it("each lookup is in the candidate's access log and notifications", async () => {
    const patient = await gql<any>(`{ patient(id: "P-0001") { accessLog(first: 100, since: "${SINCE}") { nodes { event emergency organization { id } } }
      emergencyNotifications(first: 50) { nodes { kind organization { id name } actorRole } } } }`, { token: await as.patient() });
    expect(patient.errors).toBeUndefined();
    expect(patient.data.patient.accessLog.nodes).toContainEqual({ event: "emergency-lookup", emergency: true, organization: { id: "1310000009" } });
    expect(patient.data.patient.emergencyNotifications.nodes).toContainEqual({ kind: "EMERGENCY_LOOKUP", organization: { id: "1310000009", name: "城東救命救急センター" }, actorRole: "EMERGENCY_RESPONDER" });
    // Nobody else reads them.
    const doctor = await gql<any>(`{ patient(id: "P-0001") { emergencyNotifications { nodes { kind } } } }`, { token: await as.doctorB() });
    expect(doctor.data.patient.emergencyNotifications).toBeNull();
    expect(codes(doctor)).toEqual(["FORBIDDEN"]);
  });
});

describe("team grants", () => {
  const doctor = () => token({ role: "doctor", sub: "D-901", org: "1310000009", mfa: true });
  let grantId = "";

  it("a doctor's grant is read by the nurse and pharmacist she named, each under their own identity, and by nobody else", async () => {
    const g = await start(await doctor(), { patientId: "P-0002", team: [{ sub: "N-901", role: "NURSE" }, { sub: "PH-901", role: "PHARMACIST" }] });
    expect(g.errors).toBeUndefined();
    grantId = g.data.startEmergencyAccess.id;
    expect(g.data.startEmergencyAccess.team).toEqual([{ sub: "N-901", role: "NURSE" }, { sub: "PH-901", role: "PHARMACIST" }]);

    const nurse = await gql<any>(SUMMARY, { token: await token({ role: "nurse", sub: "N-901", org: "1310000009" }), variables: { id: "P-0002" }, headers: etreat(grantId) });
    expect(nurse.errors).toBeUndefined();
    expect(nurse.data.emergencySummary.patient.name).toBe("佐藤 健一");
    expect(nurse.data.emergencySummary.allergies.nodes.length).toBeGreaterThan(0);

    const unnamed = await gql<any>(SUMMARY, { token: await token({ role: "nurse", sub: "N-902", org: "1310000009" }), variables: { id: "P-0002" }, headers: etreat(grantId) });
    expect(unnamed.data.emergencySummary.allergies).toBeNull();
    expect(new Set(codes(unnamed))).toEqual(new Set(["EMERGENCY_ACCESS_REQUIRED"]));
    const elsewhere = await gql<any>(SUMMARY, { token: await token({ role: "nurse", sub: "N-901", org: "1310000002" }), variables: { id: "P-0002" }, headers: etreat(grantId) });
    expect(new Set(codes(elsewhere))).toEqual(new Set(["EMERGENCY_ACCESS_REQUIRED"]));
    const otherRole = await gql<any>(SUMMARY, { token: await token({ role: "doctor", sub: "N-901", org: "1310000009", mfa: true }), variables: { id: "P-0002" }, headers: etreat(grantId) });
    expect(new Set(codes(otherRole))).toEqual(new Set(["EMERGENCY_ACCESS_REQUIRED"]));

    // The pharmacist reads under the pharmacist's ETREAT lines: medication, not documents.
    const pharmacist = await gql<any>(SUMMARY, { token: await token({ role: "pharmacist", sub: "PH-901", org: "1310000009" }), variables: { id: "P-0002" }, headers: etreat(grantId) });
    expect(pharmacist.data.emergencySummary.currentPrescriptions.nodes.length).toBeGreaterThan(0);
    expect(pharmacist.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(pharmacist.errors?.[0].path).toEqual(["emergencySummary", "latestDischargeSummary"]);

    const reads = await query<{ actor_sub: string }>(`SELECT DISTINCT actor_sub FROM consent.audit_events WHERE emergency_access_id = $1 AND event_type = 'access' AND decision = 'ALLOW'`, [grantId]);
    expect(reads.map((r) => r.actor_sub).sort()).toEqual(["N-901", "PH-901"]);
  });

  it("the policy decides which roles may be named; a member cannot end the grant", async () => {
    const clerk = await start(await doctor(), { patientId: "P-0002", team: [{ sub: "CL-901", role: "CLERK" }] });
    expect(clerk.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "join-emergency-team" });
    const end = await gql(`mutation { endEmergencyAccess(id: "${grantId}") { id } }`, { token: await token({ role: "nurse", sub: "N-901", org: "1310000009" }) });
    expect(codes(end)).toEqual(["FORBIDDEN"]);
  });

  it("the patient is told, with the team, and sees each member's reads", async () => {
    const p = await gql<any>(`{ patient(id: "P-0002") { accessLog(first: 100, since: "${SINCE}") { nodes { event actorRole emergency } } emergencyNotifications { nodes { kind emergencyAccessId teamSize } } } }`, { token: await as.patient("P-0002") });
    expect(p.data.patient.emergencyNotifications.nodes).toContainEqual({ kind: "EMERGENCY_ACCESS", emergencyAccessId: grantId, teamSize: 2 });
    expect(p.data.patient.accessLog.nodes).toContainEqual({ event: "access", actorRole: "NURSE", emergency: true });
    expect(p.data.patient.accessLog.nodes).toContainEqual({ event: "access", actorRole: "PHARMACIST", emergency: true });
  });
});

describe("a declared disaster", () => {
  const admin = () => as.admin();
  const dmatDoctor = () => token({ role: "doctor", sub: "DMAT-OSK-1", org: "2710000009" });
  const dmatNurse = () => token({ role: "nurse", sub: "DMAT-OSK-2", org: "2710000009" });
  const extra = Array.from({ length: 12 }, (_, i) => ({ id: `P-DIS-${String(i).padStart(2, "0")}`, number: String(7000 + i) }));
  let disasterId = "";
  let undispatched = "";
  let sealId = "";
  afterAll(async () => {
    if (sealId) await gql(`mutation { unseal(id: "${sealId}") { active } }`, { token: await as.patient() });
    for (const id of [disasterId, undispatched]) if (id) await gql(`mutation { endDisaster(id: "${id}") { id } }`, { token: await admin() });
  });

  it("is declared for Tokyo with an Osaka DMAT team dispatched into it", async () => {
    const now = Date.now();
    const d = await gql<any>(`mutation($i: DeclareDisasterInput!) { declareDisaster(input: $i) { id regions dispatchedOrganizationIds } }`, { token: await admin(), variables: { i: {
      name: "首都直下地震 (訓練)", regions: ["13"], dispatchedOrganizationIds: ["2710000009"], startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 6 * 3600_000).toISOString() } } });
    expect(d.errors).toBeUndefined();
    disasterId = d.data.declareDisaster.id;
    expect(d.data.declareDisaster.dispatchedOrganizationIds).toEqual(["2710000009"]);
    undispatched = (await gql<any>(`mutation($i: DeclareDisasterInput!) { declareDisaster(input: $i) { id } }`, { token: await admin(), variables: { i: {
      name: "豪雨 (訓練)", regions: ["13"], startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3600_000).toISOString() } } })).data.declareDisaster.id;
    const bad = await gql(`mutation($i: DeclareDisasterInput!) { declareDisaster(input: $i) { id } }`, { token: await admin(), variables: { i: {
      name: "x", regions: ["13"], dispatchedOrganizationIds: ["9999999999"], startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString() } } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
  });

  it("the DMAT team reads the disaster set of a Tokyo patient it identified by card, without a per-patient justification; sealed stays hidden", async () => {
    sealId = (await gql<any>(`mutation { sealRecords(input: { level: SEALED, sourceOrganizationId: "1310000001" }) { id } }`, { token: await as.patient() })).data.sealRecords.id;
    const before = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { display } } } }`, { token: await dmatDoctor(), headers: disasterRead });
    expect(before.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "disaster-without-identification" });

    const found = await find(await dmatDoctor(), { card: HANAKO_CARD, disasterId });
    expect(found.errors).toBeUndefined();
    expect(found.data.findPatientForEmergency.disasterAccessId).toEqual(expect.any(String));

    const read = `{ patient(id: "P-0001") { name prescriptions { nodes { display } } allergies { nodes { display } } conditions { nodes { sourceOrganization { id } } } } }`;
    for (const tok of [await dmatDoctor(), await dmatNurse()]) {
      const r = await gql<any>(read, { token: tok, headers: disasterRead });
      expect(r.errors).toBeUndefined();
      expect(r.data.patient.name).toBe("北条 花子");
      expect(r.data.patient.prescriptions.nodes.length).toBeGreaterThan(0);
      expect(r.data.patient.allergies.nodes.map((n: any) => n.display)).toEqual(["ペニシリン系抗生物質"]); // そば is from sealed clinic A
      expect(r.data.patient.conditions.nodes.every((n: any) => n.sourceOrganization.id !== "1310000001")).toBe(true);
    }
    const outside = await gql<any>(`{ patient(id: "P-0001") { vitals { nodes { id } } eligibility { insurerNumber } labResults(set: LIFESTYLE) { nodes { id } } consents { nodes { id } } } }`, { token: await dmatDoctor(), headers: disasterRead });
    expect(outside.data.patient).toEqual({ vitals: null, eligibility: null, labResults: null, consents: null });
    expect(outside.errors!.every((e) => e.extensions!.code === "FORBIDDEN")).toBe(true);
    // Under a declaration that did not dispatch it, the Osaka team is outside the region.
    const notDispatched = await find(await dmatDoctor(), { card: HANAKO_CARD, disasterId: undispatched });
    expect(notDispatched.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "disaster-region" });
  });

  it("for more than ten patients in an hour", async () => {
    const c = await db();
    try {
      for (const p of extra) {
        await c.query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id, prefecture) VALUES ($1, $2, $3, '1960-01-01', 'male', $4, '13') ON CONFLICT DO NOTHING`,
          [p.id, `避難 太郎${p.number}`, `ヒナン タロウ`, `06139992:災-1:${p.number}:00`]);
      }
    } finally { await c.end(); }
    const tok = await dmatDoctor();
    for (const p of extra) {
      const f = await find(tok, { card: { insurerNumber: "06139992", symbol: "災-1", number: p.number, branch: "00" }, disasterId, justification: "避難所で意識障害、服薬確認" });
      expect(f.errors, p.id).toBeUndefined();
      expect(f.data.findPatientForEmergency.candidates.map((x: any) => x.id)).toEqual([p.id]);
      const r = await gql<any>(`{ patient(id: "${p.id}") { name prescriptions { nodes { id } } } }`, { token: tok, headers: disasterRead });
      expect(r.errors, p.id).toBeUndefined();
      expect(r.data.patient.prescriptions.nodes).toEqual([]);
    }
    // A name search that matches more than a lookup may show reveals no one.
    const many = await find(tok, { kana: "ひなん たろう", birthDate: "1960-01-01", sex: "MALE", disasterId });
    expect(many.data.findPatientForEmergency).toEqual({ candidates: [], tooMany: true, disasterAccessId: null });
  });

  it("a card reading at the dispatched team identifies the patient too, whatever was ticked at the reader", async () => {
    const confirm = await gql<any>(`mutation { confirmEligibility(input: { insurerNumber: "01130012", symbol: "す-3", number: "2045", branch: "02", birthDate: "1985-01-22" }) { patientId categories disasterAccessId } }`,
      { token: await dmatNurse() });
    expect(confirm.errors).toBeUndefined();
    expect(confirm.data.confirmEligibility).toMatchObject({ patientId: "P-0003", disasterAccessId: expect.any(String) });
    const r = await gql<any>(`{ patient(id: "P-0003") { prescriptions { nodes { display } } infections { nodes { display } } } }`, { token: await dmatDoctor(), headers: disasterRead });
    expect(r.errors).toBeUndefined();
    expect(r.data.patient.infections.nodes.length).toBe(1);
  });

  it("all of it is in the patient's access log and notifications and in the DMAT institution's review queue", async () => {
    const p = await gql<any>(`{ patient(id: "P-0001") { accessLog(first: 100, since: "${SINCE}") { nodes { event purpose emergency organization { id } } }
      emergencyNotifications(first: 50) { nodes { kind disasterId organization { id } until } } } }`, { token: await as.patient() });
    expect(p.data.patient.accessLog.nodes).toContainEqual({ event: "access", purpose: "DISASTER", emergency: true, organization: { id: "2710000009" } });
    expect(p.data.patient.accessLog.nodes).toContainEqual({ event: "emergency-started", purpose: "TREAT", emergency: true, organization: { id: "2710000009" } });
    expect(p.data.patient.emergencyNotifications.nodes).toContainEqual(expect.objectContaining({ kind: "DISASTER_ACCESS", disasterId, organization: { id: "2710000009" } }));
    const officer = await token({ role: "auditor", sub: "AU-OSK", org: "2710000009" });
    const queue = await gql<any>(`{ emergencyAccessReviews(status: "PENDING") { patientId reason scope identifiedBy actorOrg } }`, { token: officer });
    expect(queue.errors).toBeUndefined();
    const identified = queue.data.emergencyAccessReviews.filter((r: any) => r.scope === "DISASTER_IDENTIFICATION");
    expect(identified.map((r: any) => r.patientId)).toEqual(expect.arrayContaining(["P-0001", ...extra.map((x) => x.id)]));
    expect(identified.every((r: any) => r.reason === "DISASTER" && ["CARD", "CARD_READER"].includes(r.identifiedBy) && r.actorOrg === "2710000009")).toBe(true);
    expect(identified).toContainEqual(expect.objectContaining({ patientId: "P-0003", identifiedBy: "CARD_READER" }));
  });

  it("ends with the declaration", async () => {
    await gql(`mutation { endDisaster(id: "${disasterId}") { id } }`, { token: await admin() });
    const r = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { display } } } }`, { token: await dmatDoctor(), headers: disasterRead });
    expect(r.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "disaster-without-identification" });
    disasterId = "";
  });
});

describe("starting break-glass for an id that is no patient's (issue 26)", () => {
  it("answers like a start for a known patient, is audited, and counts toward the limit", async () => {
    const tok = await token({ role: "emergency_responder", sub: "ER-ENUM", org: "1310000009", mfa: true });
    const known = await start(tok, { patientId: "P-0003" });
    const unknown = await start(tok, { patientId: "P-NOPE-0001" });
    expect(known.errors).toBeUndefined();
    expect(unknown.errors).toBeUndefined();
    const shape = (r: any) => ({ ...r.data.startEmergencyAccess, id: typeof r.data.startEmergencyAccess.id, patientId: undefined, startedAt: undefined, expiresAt: undefined });
    expect(shape(unknown)).toEqual(shape(known));
    const audited = await query<{ actor_sub: string }>(`SELECT actor_sub FROM consent.audit_events WHERE event_type = 'emergency-started' AND patient_id = 'P-NOPE-0001'`);
    expect(audited.map((a) => a.actor_sub)).toEqual(["ER-ENUM"]);
    // The grant opens nothing: there is nothing to read.
    const r = await gql<any>(`{ patient(id: "P-NOPE-0001") { allergies { nodes { id } } } }`, { token: tok, headers: etreat(unknown.data.startEmergencyAccess.id) });
    expect(r.data.patient?.allergies?.nodes ?? []).toEqual([]);
    for (let i = 2; i < 10; i++) expect(codes(await start(tok, { patientId: `P-NOPE-${String(i).padStart(4, "0")}` }))).toEqual([]);
    expect(codes(await start(tok, { patientId: "P-NOPE-0010" }))).toEqual(["RATE_LIMITED"]);
    expect(codes(await start(tok, { patientId: "P-0003" }))).toEqual(["RATE_LIMITED"]);
    const queue = await gql<any>(`{ emergencyAccessReviews(status: "PENDING") { patientId patientKnown actorSub } }`, { token: await token({ role: "auditor", sub: "AU-009", org: "1310000009" }) });
    expect(queue.data.emergencyAccessReviews).toContainEqual({ patientId: "P-NOPE-0001", patientKnown: false, actorSub: "ER-ENUM" });
  });
});
