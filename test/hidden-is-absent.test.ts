import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { buildDischargeSummary, TINY_PNG } from "../subgraphs/documents/src/fhir/build/discharge-summary.js";
import { as, codes, db, etreat, gql, hub, token } from "./support/client.js";
import { newExchangeNumber } from "../subgraphs/documents/src/exchange/exchange-number.js";

/**
 * Each defect of "hidden means absent on every path", reproduced against the running hub: side paths (retrieval by
 * exchange number, attachments, questionnaires, reservations, grants, explanations, the access log) decide through
 * the one PDP and its attribute modules, and a hidden thing answers exactly like a thing that does not exist.
 */
const CLINIC_A = "1310000001", HOSPITAL_B = "1310000002", CLINIC_E = "1310000005";
const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id status } exchangeNumber } }`;
const RETRIEVE = `mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id status attachments { url } } }`;
const systemB = () => token({ role: "system", sub: "EHR-B", org: HOSPITAL_B, scope: "documents.write documents.read" });
const clinicE = () => token({ role: "doctor", sub: "D-005", org: CLINIC_E });
const gatewayBase = () => hub().gateway.replace(/\/graphql$/, "");
let serial = 0;

async function register(opts: { destination?: string; consentAtIssuance?: boolean } = {}): Promise<{ id: string; exchangeNumber: string; patientId: string }> {
  const no = `${process.pid % 10000}${Date.now() % 100000}${++serial}`;
  const bundle = buildDischargeSummary({
    institution: HOSPITAL_B, insuredId: `06139992:ひ-1:${no}:01`, patientName: "秘匿 花子", birthDate: "1970-05-06", gender: "female",
    admittedOn: "2026-09-01", dischargedOn: "2026-09-10", diagnosisOnAdmission: "肺炎", hospitalCourse: "抗菌薬で軽快",
    attachments: [{ contentType: "image/png", data: TINY_PNG, title: "胸部X線" }],
  });
  const r = await gql<any>(REGISTER, { token: await systemB(), variables: { i: { bundle, destinationOrganizationId: opts.destination ?? CLINIC_E, consentAtIssuance: opts.consentAtIssuance ?? true } } });
  expect(r.errors).toBeUndefined();
  const [{ patient_id }] = (await c.query(`SELECT patient_id FROM documents.documents WHERE id = $1`, [r.data.registerDocument.document.id])).rows;
  return { id: r.data.registerDocument.document.id, exchangeNumber: r.data.registerDocument.exchangeNumber, patientId: patient_id };
}
const patientToken = (id: string) => token({ role: "patient", sub: id, patientId: id });
const sealDoc = async (patientId: string, docId: string, level = "SEALED") =>
  (await gql<any>(`mutation { sealRecords(input: { level: ${level}, recordIds: ["${docId}"] }) { id } }`, { token: await patientToken(patientId) })).data.sealRecords.id as string;
const unseal = async (patientId: string, id: string) => gql(`mutation { unseal(id: "${id}") { id } }`, { token: await patientToken(patientId) });
const stateOf = async (docId: string) => (await c.query(`SELECT status FROM documents.documents WHERE id = $1`, [docId])).rows[0].status as string;
const consentsOf = async (patientId: string) => Number((await c.query(`SELECT count(*) FROM consent.consents WHERE patient_id = $1`, [patientId])).rows[0].count);

let c: Client;
beforeAll(async () => { c = await db(); });
afterAll(async () => { await c.end(); });

describe("retrieval by exchange number", () => {
  it("sealed, restricted, pending, withdrawn, otherwise-addressed and unknown numbers answer alike and change nothing", async () => {
    const sealed = await register();
    const sealId = await sealDoc(sealed.patientId, sealed.id);
    const restricted = await register();
    await sealDoc(restricted.patientId, restricted.id, "RESTRICTED");
    const pending = await register({ consentAtIssuance: false });
    const withdrawn = await register();
    await gql(`mutation { withdrawDocument(id: "${withdrawn.id}", reason: "誤った患者に発行") }`, { token: await systemB() });
    const elsewhere = await register({ destination: CLINIC_A });
    const e = await clinicE();
    const unknown = await gql<any>(RETRIEVE, { token: e, variables: { n: newExchangeNumber() } });
    expect(codes(unknown)).toEqual(["NOT_FOUND"]);
    for (const [what, doc, status] of [["sealed", sealed, "AVAILABLE"], ["restricted", restricted, "AVAILABLE"], ["pending", pending, "PENDING_CONSENT"],
      ["withdrawn", withdrawn, "WITHDRAWN"], ["addressed elsewhere", elsewhere, "AVAILABLE"]] as const) {
      const before = await consentsOf(doc.patientId);
      const r = await gql<any>(RETRIEVE, { token: e, variables: { n: doc.exchangeNumber } });
      expect(r.errors, what).toEqual(unknown.errors);
      expect(r.data, what).toEqual(unknown.data);
      expect(await stateOf(doc.id), what).toBe(status);
      expect(await consentsOf(doc.patientId), what).toBe(before);
    }
    // The same number works once the patient lifts her seal: the refusal above was the seal, nothing else.
    await unseal(sealed.patientId, sealId);
    const ok = await gql<any>(RETRIEVE, { token: e, variables: { n: sealed.exchangeNumber } });
    expect(ok.data.retrieveDocument).toMatchObject({ id: sealed.id, status: "RETRIEVED" });
    const exchange = (await c.query(`SELECT source, record_ids, organization_id FROM consent.consents WHERE patient_id = $1`, [sealed.patientId])).rows;
    expect(exchange).toEqual([{ source: "EXCHANGE", record_ids: [sealed.id], organization_id: CLINIC_E }]);
  });
});

describe("attachments", () => {
  it("a download needs the caller's own token, is bound to that caller, and is decided again: a seal or a revocation stops the next one", async () => {
    const doc = await register();
    const e = await clinicE();
    const got = await gql<any>(RETRIEVE, { token: e, variables: { n: doc.exchangeNumber } });
    const url = gatewayBase() + got.data.retrieveDocument.attachments[0].url;
    const download = async (tok?: string) => (await fetch(url, { headers: tok ? { authorization: `Bearer ${tok}` } : {} })).status;
    expect(await download()).toBe(401);
    expect(await download(e)).toBe(200);
    expect(await download(await token({ role: "doctor", sub: "D-006", org: CLINIC_E }))).toBe(404);
    expect(await download(await as.doctorB())).toBe(404);
    const sealId = await sealDoc(doc.patientId, doc.id);
    expect(await download(e)).toBe(404);
    await unseal(doc.patientId, sealId);
    expect(await download(e)).toBe(200);
    const mine = await gql<any>(`{ patient(id: "${doc.patientId}") { consents { nodes { id source recordIds } } } }`, { token: await patientToken(doc.patientId) });
    const exchange = mine.data.patient.consents.nodes.find((k: any) => k.source === "EXCHANGE");
    expect(exchange.recordIds).toEqual([doc.id]);
    await gql(`mutation { revokeConsent(id: "${exchange.id}") { status } }`, { token: await patientToken(doc.patientId) });
    expect(await download(e)).toBe(404);
  });
});

describe("seal scope fields combine with AND", () => {
  it("{ sourceOrganizationId: A, category: CONDITION } hides A's conditions and nothing else", async () => {
    const q = `{ patient(id: "P-0001") { conditions { nodes { id sourceOrganization { id } } } allergies { nodes { id sourceOrganization { id } } } } }`;
    const before = (await gql<any>(q, { token: await as.doctorB() })).data.patient;
    const orgs = (list: any) => new Set(list.nodes.map((n: any) => n.sourceOrganization.id));
    expect(orgs(before.conditions).has(CLINIC_A) && orgs(before.allergies).has(CLINIC_A)).toBe(true);
    const seal = await gql<any>(`mutation { sealRecords(input: { level: SEALED, sourceOrganizationId: "${CLINIC_A}", category: CONDITION }) { id } }`, { token: await as.patient() });
    try {
      const after = (await gql<any>(q, { token: await as.doctorB() })).data.patient;
      expect(orgs(after.conditions).has(CLINIC_A)).toBe(false);
      expect(after.conditions.nodes.length).toBe(before.conditions.nodes.filter((n: any) => n.sourceOrganization.id !== CLINIC_A).length);
      expect(after.conditions.nodes.length).toBeGreaterThan(0);
      expect(after.allergies).toEqual(before.allergies);
    } finally {
      await gql(`mutation { unseal(id: "${seal.data.sealRecords.id}") { id } }`, { token: await as.patient() });
    }
  });
});

describe("consents as precise as the act that created them", () => {
  it("a questionnaire sent to E opens that questionnaire only; a booking, that reservation only, until it is cancelled; each consent is audited", async () => {
    const patient = await as.patient();
    const e = await clinicE();
    const sent = await gql<any>(`mutation { submitQuestionnaire(organizationId: "${CLINIC_E}", answers: { chiefComplaint: "動悸" }) { id } }`, { token: patient });
    const qs = await gql<any>(`{ patient(id: "P-0001") { questionnaires { nodes { id organization { id } } } } }`, { token: e });
    expect(qs.data.patient.questionnaires.nodes.map((n: any) => n.id)).toEqual([sent.data.submitQuestionnaire.id]);
    const day = new Date(Date.now() + 9 * 3600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    const booked = await gql<any>(`mutation { makeReservation(organizationId: "${CLINIC_E}", date: "${day}") { id } }`, { token: patient });
    const rs = await gql<any>(`{ patient(id: "P-0001") { reservations { nodes { id } } } }`, { token: e });
    expect(rs.data.patient.reservations.nodes.map((n: any) => n.id)).toEqual([booked.data.makeReservation.id]);
    const mine = await gql<any>(`{ patient(id: "P-0001") { consents { nodes { id source recordIds organization { id } status expiresAt } } } }`, { token: patient });
    const bySource = (s: string) => mine.data.patient.consents.nodes.filter((k: any) => k.source === s && k.organization.id === CLINIC_E);
    expect(bySource("QUESTIONNAIRE")[0]).toMatchObject({ recordIds: [sent.data.submitQuestionnaire.id], status: "ACTIVE" });
    const reservation = bySource("RESERVATION")[0];
    expect(reservation).toMatchObject({ recordIds: [booked.data.makeReservation.id], status: "ACTIVE" });
    // Until the end of the day after the visit, in Japan: 00:00 JST two days later.
    expect(reservation.expiresAt).toBe(new Date(Date.parse(`${day}T00:00:00+09:00`) + 2 * 86_400_000).toISOString());
    const granted = (await c.query(`SELECT detail->>'source' AS source FROM consent.audit_events WHERE event_type = 'consent-granted' AND record_ids && $1::text[]`,
      [[bySource("QUESTIONNAIRE")[0].id, reservation.id]])).rows.map((r) => r.source).sort();
    expect(granted).toEqual(["QUESTIONNAIRE", "RESERVATION"]);
    await gql(`mutation { cancelReservation(id: "${booked.data.makeReservation.id}") { status } }`, { token: patient });
    const after = await gql<any>(`{ patient(id: "P-0001") { reservations { nodes { id } } } }`, { token: e });
    expect(after.data.patient.reservations).toBeNull();
    const ended = (await c.query(`SELECT status FROM consent.consents WHERE id = $1`, [reservation.id])).rows[0].status;
    expect(ended).toBe("REVOKED");
    await gql(`mutation { revokeConsent(id: "${bySource("QUESTIONNAIRE")[0].id}") { status } }`, { token: patient });
  });

  it("a portal consent can name source institutions: E then reads B's conditions and no one else's", async () => {
    const patient = await as.patient();
    const g = await gql<any>(`mutation { grantConsent(input: { organizationId: "${CLINIC_E}", categories: [CONDITION], sourceOrganizationIds: ["${HOSPITAL_B}"] }) { id sourceOrganizationIds source } }`, { token: patient });
    expect(g.data.grantConsent).toMatchObject({ sourceOrganizationIds: [HOSPITAL_B], source: "PORTAL" });
    try {
      const r = await gql<any>(`{ patient(id: "P-0001") { conditions { nodes { sourceOrganization { id } } } } }`, { token: await clinicE() });
      const orgs = new Set(r.data.patient.conditions.nodes.map((n: any) => n.sourceOrganization.id));
      expect([...orgs]).toEqual([HOSPITAL_B]);
    } finally {
      await gql(`mutation { revokeConsent(id: "${g.data.grantConsent.id}") { status } }`, { token: patient });
    }
  });
});

describe("emergency grants", () => {
  it("bind the whole actor: the same sub at another institution, in another role or without MFA is refused", async () => {
    const tokyo = await token({ role: "emergency_responder", sub: "ER-BIND", org: "1310000009", mfa: true });
    const g = await gql<any>(`mutation { startEmergencyAccess(input: { patientId: "P-0002", reason: EMERGENCY, justification: "意識障害で搬送、本人同意取得不能" }) { id } }`, { token: tokyo });
    const id = g.data.startEmergencyAccess.id;
    const read = (tok: string) => gql<any>(`{ patient(id: "P-0002") { allergies { nodes { id } } } }`, { token: tok, headers: etreat(id) });
    expect((await read(tokyo)).errors).toBeUndefined();
    for (const other of [
      await token({ role: "emergency_responder", sub: "ER-BIND", org: "2710000009", mfa: true }),
      await token({ role: "doctor", sub: "ER-BIND", org: "1310000009", mfa: true }),
      await token({ role: "emergency_responder", sub: "ER-BIND", org: "1310000009" }),
    ]) {
      expect(codes(await read(other))).toEqual(["EMERGENCY_ACCESS_REQUIRED"]);
    }
    await gql(`mutation { endEmergencyAccess(id: "${id}") { id } }`, { token: tokyo });
  });
});

describe("explaining a decision", () => {
  const Q = `query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason } }`;
  const ask = async (recordId: string) => gql<any>(Q, { token: await as.admin(), variables: { i: {
    subject: { role: "doctor", org: HOSPITAL_B }, patientId: "P-0001", category: "CONDITION", recordId, justification: "病院Bからの閲覧不可の問い合わせ",
  } } });

  it("names only the deciding attribute, and explains an unknown id exactly like a real one", async () => {
    const real = (await c.query(`SELECT id FROM clinical.records WHERE patient_id = 'P-0001' AND category = 'condition' LIMIT 1`)).rows[0].id;
    const known = await ask(real);
    const unknown = await ask("NO-SUCH-RECORD");
    expect(unknown).toEqual({ ...known, extensions: unknown.extensions });
    const seal = await gql<any>(`mutation { sealRecords(input: { level: SEALED, category: CONDITION }) { id } }`, { token: await as.patient() });
    try {
      const sealed = await ask(real);
      expect(sealed.data.explainAccess).toEqual({ allowed: false, rule: "seal-sealed", reason: "a SEALED seal covers this record" });
      expect(JSON.stringify(sealed)).not.toContain(seal.data.sealRecords.id);
      expect(JSON.stringify(sealed)).not.toContain("C-0001");
    } finally {
      await gql(`mutation { unseal(id: "${seal.data.sealRecords.id}") { id } }`, { token: await as.patient() });
    }
  });
});

describe("the prover guards the patient-only rules", () => {
  it("refuses a policy without the rules that keep consents, seals and the access log the patient's own", async () => {
    const current = await gql<any>(`{ policyRules { version rules { role purpose category action condition effect name } } }`, { token: await as.admin() });
    for (const [rule, promise] of [["consent-records-patient-only", "consents-patient-only"], ["access-log-patient-only", "access-log-patient-only"]]) {
      const rules = current.data.policyRules.rules.filter((r: any) => r.name !== rule);
      const r = await gql<any>(`mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "drop ${rule}") { version } }`, { token: await as.admin(), variables: { r: rules } });
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "invariant-violated" });
      expect((r.errors![0].extensions!.violations as any[]).map((v) => v.invariant)).toContain(promise);
    }
    const after = await gql<any>(`{ policyRules { version } }`, { token: await as.admin() });
    expect(after.data.policyRules.version).toBe(current.data.policyRules.version);
  });
});

describe("unknown ids take the same path as hidden ones", () => {
  it("a sealed record and an unknown id are each decided and audited once per request, with the same answer", async () => {
    const real = (await c.query(`SELECT id FROM clinical.records WHERE patient_id = 'P-0001' AND category = 'allergy' LIMIT 1`)).rows[0].id;
    const seal = await gql<any>(`mutation { sealRecords(input: { level: SEALED, recordIds: ["${real}"] }) { id } }`, { token: await as.patient() });
    try {
      const doctor = await as.doctorB();
      const read = (id: string) => gql<any>(`{ clinicalRecord(id: "${id}") { __typename } }`, { token: doctor });
      const hidden = await read(real);
      const absent = await read("NO-SUCH-RECORD-XYZ");
      expect(hidden.data).toEqual(absent.data);
      expect(hidden.errors).toEqual(absent.errors);
      const events = async (requestId: string) => (await c.query(`SELECT event_type, decision FROM consent.audit_events WHERE request_id = $1`, [requestId])).rows;
      expect(await events(hidden.extensions!.requestId!)).toEqual([{ event_type: "access", decision: "DENY" }]);
      expect(await events(absent.extensions!.requestId!)).toEqual([{ event_type: "access", decision: "DENY" }]);
    } finally {
      await gql(`mutation { unseal(id: "${seal.data.sealRecords.id}") { id } }`, { token: await as.patient() });
    }
  });
});

describe("the access log under noise", () => {
  it("sixty denied reads by one institution are one line with a count, not a page of noise; the trail keeps all sixty", async () => {
    const patientId = `P-NOISE-${process.pid}-${Date.now() % 100000}`;
    const e = await clinicE();
    for (let i = 0; i < 60; i++) await gql(`{ patient(id: "${patientId}") { allergies { nodes { id } } } }`, { token: e });
    await gql(`{ patient(id: "${patientId}") { conditions { nodes { id } } } }`, { token: await as.doctorB() });
    const log = await gql<any>(`{ patient(id: "${patientId}") { accessLog(first: 10) { nodes { organization { id } category decision count } } } }`, { token: await patientToken(patientId) });
    const lines = log.data.patient.accessLog.nodes;
    const noise = lines.filter((l: any) => l.organization?.id === CLINIC_E && l.category === "allergy");
    // One line, or two when the reads straddle the turn of an hour.
    expect(noise.length).toBeLessThanOrEqual(2);
    expect(noise.reduce((n: number, l: any) => n + l.count, 0)).toBe(60);
    expect(lines.some((l: any) => l.organization?.id === HOSPITAL_B && l.category === "condition")).toBe(true);
    const kept = (await c.query(`SELECT count(*)::int AS n FROM consent.audit_events WHERE patient_id = $1 AND actor_org = $2`, [patientId, CLINIC_E])).rows[0].n;
    expect(kept).toBe(60);
  });
});
