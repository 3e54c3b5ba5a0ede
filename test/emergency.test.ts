import { afterAll, describe, expect, it } from "vitest";
import { as, codes, db, etreat, gql, token } from "./support/client.js";
import { waitFor } from "./support/wait.js";

const START = `mutation($input: StartEmergencyAccessInput!) { startEmergencyAccess(input: $input) { id patientId startedAt expiresAt } }`;
const SUMMARY = `query($id: ID!) { emergencySummary(patientId: $id) {
  patient { name birthDate }
  allergies { nodes { display sourceOrganization { id } } }
  contraindications { nodes { display } }
  infections { nodes { display result } }
  activeConditions { nodes { display sourceOrganization { id } } }
  currentPrescriptions { nodes { display } }
  latestEmergencyLabs { nodes { display value unit } }
  latestDischargeSummary { id type title }
} }`;

async function start(tok: string, patientId: string, extra: Record<string, unknown> = {}) {
  return gql<any>(START, { token: tok, variables: { input: { patientId, reason: "EMERGENCY", justification: "意識障害で搬送、本人同意取得不能", ...extra } } });
}

describe("break-glass access for emergency and disaster responders", () => {
  const cleanup: string[] = [];
  afterAll(async () => { for (const id of cleanup) await gql(`mutation { unseal(id: "${id}") { active } }`, { token: await as.patient() }); });

  it("without a grant, ETREAT is refused with EMERGENCY_ACCESS_REQUIRED", async () => {
    const noHeader = await gql(SUMMARY, { token: await as.responderTokyo(), variables: { id: "P-0001" }, headers: { "x-purpose-of-use": "ETREAT" } });
    expect(codes(noHeader)).toEqual(["EMERGENCY_ACCESS_REQUIRED"]);
    const bogus = await gql<any>(SUMMARY, { token: await as.responderTokyo(), variables: { id: "P-0001" }, headers: etreat("00000000-0000-0000-0000-000000000000") });
    expect(bogus.data.emergencySummary.allergies).toBeNull();
    expect(new Set(codes(bogus))).toEqual(new Set(["EMERGENCY_ACCESS_REQUIRED"]));
  });

  it("a responder with only a token and a patient id gets the emergency summary in two calls; sealed stays hidden, restricted shows", async () => {
    const sealA = await gql<any>(`mutation { sealRecords(input: { level: SEALED, sourceOrganizationId: "1310000001" }) { id } }`, { token: await as.patient() });
    const restrictInf = await gql<any>(`mutation { sealRecords(input: { level: RESTRICTED, category: INFECTION }) { id } }`, { token: await as.patient() });
    cleanup.push(sealA.data.sealRecords.id, restrictInf.data.sealRecords.id);

    const tok = await as.responderTokyo();
    const grant = await start(tok, "P-0001");
    expect(grant.errors).toBeUndefined();
    const g = grant.data.startEmergencyAccess;
    expect(Date.parse(g.expiresAt) - Date.parse(g.startedAt)).toBe(4 * 3600_000);

    const s = await gql<any>(SUMMARY, { token: tok, variables: { id: "P-0001" }, headers: etreat(g.id) });
    expect(s.errors).toBeUndefined();
    const sum = s.data.emergencySummary;
    expect(sum.patient.name).toBe("北条 花子");
    expect(sum.allergies.nodes.map((n: any) => n.display)).toEqual(["ペニシリン系抗生物質"]); // そば is from sealed clinic A
    expect(sum.infections.nodes.length).toBe(2); // restricted: break-glass passes
    expect(sum.activeConditions.nodes.every((n: any) => n.sourceOrganization.id !== "1310000001")).toBe(true);
    expect(sum.contraindications.nodes[0].display).toBe("アスピリン");
    expect(sum.currentPrescriptions.nodes.length).toBeGreaterThan(0);
    expect(sum.latestEmergencyLabs.nodes.length).toBe(3);
    expect(sum.latestDischargeSummary).toMatchObject({ type: "DISCHARGE_SUMMARY" });

    // Outside the emergency set: PHR, eligibility and lifestyle labs stay denied.
    const outside = await gql<any>(`{ patient(id: "P-0001") { vitals { nodes { id } } eligibility { insurerNumber } labResults(set: LIFESTYLE) { nodes { id } } } }`, { token: tok, headers: etreat(g.id) });
    expect(outside.data.patient).toEqual({ vitals: null, eligibility: null, labResults: null });
    expect(outside.errors!.every((e) => e.extensions!.code === "FORBIDDEN")).toBe(true);

    // The grant covers only its patient.
    const other = await gql<any>(SUMMARY, { token: tok, variables: { id: "P-0002" }, headers: etreat(g.id) });
    expect(other.data.emergencySummary.allergies).toBeNull();
    expect(codes(other)).toContain("EMERGENCY_ACCESS_REQUIRED");
  });

  it("the grant stops working when it expires, and its end is recorded", async () => {
    const tok = await as.responderTokyo();
    const g = (await start(tok, "P-0003")).data.startEmergencyAccess;
    const ok = await gql<any>(SUMMARY, { token: tok, variables: { id: "P-0003" }, headers: etreat(g.id) });
    expect(ok.data.emergencySummary.infections.nodes.length).toBe(1);
    const c = await db();
    await c.query(`UPDATE consent.emergency_accesses SET expires_at = now() - interval '1 second' WHERE id = $1`, [g.id]);
    const denied = await gql<any>(SUMMARY, { token: tok, variables: { id: "P-0003" }, headers: etreat(g.id) });
    expect(denied.data.emergencySummary.infections).toBeNull();
    expect(codes(denied)).toContain("EMERGENCY_ACCESS_REQUIRED");
    // The expiry job closes the grant and then records the end (DICOM 110138); wait for the record.
    const events = await waitFor("the expiry job records the end of the grant", async () => {
      const types: string[] = (await c.query(`SELECT event_type FROM consent.audit_events WHERE emergency_access_id = $1 ORDER BY seq`, [g.id])).rows.map((r) => r.event_type);
      return types.includes("emergency-ended") && types;
    });
    const ended = (await c.query(`SELECT end_reason FROM consent.emergency_accesses WHERE id = $1`, [g.id])).rows[0];
    await c.end();
    expect(ended?.end_reason).toBe("expired");
    expect(events[0]).toBe("emergency-started");
    expect(events).toContain("access");
    // The denied read's own audit event may land just before or just after the end event.
    expect(events.filter((e) => e === "emergency-ended")).toHaveLength(1);
  });

  it("ending a grant early closes it on the next request", async () => {
    const tok = await as.responderTokyo();
    const g = (await start(tok, "P-0002")).data.startEmergencyAccess;
    const end = await gql<any>(`mutation { endEmergencyAccess(id: "${g.id}") { endedAt } }`, { token: tok });
    expect(end.data.endEmergencyAccess.endedAt).not.toBeNull();
    expect(codes(await gql(SUMMARY, { token: tok, variables: { id: "P-0002" }, headers: etreat(g.id) }))).toContain("EMERGENCY_ACCESS_REQUIRED");
  });

  it("only responders, or doctors after two-factor login, may break the glass, with a real justification", async () => {
    expect(codes(await start(await token({ role: "doctor", sub: "D-001", org: "1310000002" }), "P-0001"))).toEqual(["FORBIDDEN"]);
    expect(codes(await start(await as.nurseB(), "P-0001"))).toEqual(["FORBIDDEN"]);
    const mfaDoctor = await start(await token({ role: "doctor", sub: "D-001", org: "1310000002", mfa: true }), "P-0001");
    expect(mfaDoctor.errors).toBeUndefined();
    expect(codes(await start(await as.responderTokyo(), "P-0001", { justification: "急変" }))).toEqual(["BAD_USER_INPUT"]);
    // An unknown patient id answers like a known one (test/emergency-response.test.ts, issue 26).
  });

  it("is rate-limited per actor", async () => {
    const tok = await token({ role: "emergency_responder", sub: "ER-RATE", org: "1310000009", mfa: true });
    const results: string[][] = [];
    for (let i = 0; i < 11; i++) results.push(codes(await start(tok, "P-0003")));
    expect(results.slice(0, 10).every((c) => c.length === 0)).toBe(true);
    expect(results[10]).toEqual(["RATE_LIMITED"]);
  });

  it("DISASTER access works only inside a declared region and period", async () => {
    const now = Date.now();
    const declare = async (regions: string[], from: number, to: number) => (await gql<any>(
      `mutation($i: DeclareDisasterInput!) { declareDisaster(input: $i) { id regions } }`,
      { token: await as.admin(), variables: { i: { name: "首都直下地震 (訓練)", regions, startsAt: new Date(from).toISOString(), endsAt: new Date(to).toISOString() } } },
    )).data.declareDisaster.id as string;
    const tokyo = await declare(["13"], now - 60_000, now + 3600_000);
    const disaster = (disasterId: string) => ({ reason: "DISASTER", disasterId });
    const osaka = await start(await as.responderOsaka(), "P-0001", disaster(tokyo));
    expect(osaka.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "disaster-region" });
    const inRegion = await start(await as.responderTokyo(), "P-0001", disaster(tokyo));
    expect(inRegion.errors).toBeUndefined();
    const future = await declare(["27"], now + 86_400_000, now + 2 * 86_400_000);
    expect((await start(await as.responderOsaka(), "P-0001", disaster(future))).errors![0].extensions).toMatchObject({ rule: "disaster-not-active" });
    expect(codes(await gql(`mutation { declareDisaster(input: { name: "x", regions: ["13"], startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-01-02T00:00:00Z" }) { id } }`, { token: await as.doctorB() }))).toEqual(["FORBIDDEN"]);
    const end = await gql<any>(`mutation { endDisaster(id: "${tokyo}") { endedAt } }`, { token: await as.admin() });
    expect(end.data.endDisaster.endedAt).not.toBeNull();
    expect(codes(await start(await as.responderTokyo(), "P-0001", disaster(tokyo)))).toEqual(["FORBIDDEN"]);
  });

  it("the patient sees who broke the glass, where, why and when; the responder's privacy officer gets a review queue", async () => {
    const log = await gql<any>(`{ patient(id: "P-0001") { accessLog(first: 100) { nodes { at organization { id name } actorRole category event emergency } } } }`, { token: await as.patient() });
    const entries = log.data.patient.accessLog.nodes;
    expect(entries).toContainEqual(expect.objectContaining({ event: "emergency-started", emergency: true, actorRole: "EMERGENCY_RESPONDER", organization: { id: "1310000009", name: "城東救命救急センター" } }));
    expect(entries).toContainEqual(expect.objectContaining({ event: "access", emergency: true, category: "allergy", organization: expect.objectContaining({ id: "1310000009" }) }));

    const officer = await token({ role: "auditor", sub: "AU-009", org: "1310000009" });
    const queue = await gql<any>(`{ emergencyAccessReviews(status: "PENDING") { id patientId actorSub actorOrg justification reviewStatus } }`, { token: officer });
    expect(queue.errors).toBeUndefined();
    const mine = queue.data.emergencyAccessReviews;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r: any) => r.actorOrg === "1310000009" && r.reviewStatus === "PENDING")).toBe(true);
    const reviewed = await gql<any>(`mutation { reviewEmergencyAccess(id: "${mine[0].id}", outcome: APPROPRIATE, comment: "搬送記録と一致") { reviewStatus reviewOutcome } }`, { token: officer });
    expect(reviewed.data.reviewEmergencyAccess).toEqual({ reviewStatus: "REVIEWED", reviewOutcome: "APPROPRIATE" });
    const elsewhere = await gql<any>(`{ emergencyAccessReviews { id } }`, { token: await token({ role: "auditor", sub: "AU-002", org: "1310000002" }) });
    expect(elsewhere.data.emergencyAccessReviews.every((r: any) => !mine.some((m: any) => m.id === r.id))).toBe(true);
    expect(codes(await gql(`{ emergencyAccessReviews { id } }`, { token: await as.responderTokyo() }))).toEqual(["FORBIDDEN"]);
  });
});
