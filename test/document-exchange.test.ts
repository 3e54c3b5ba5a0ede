import { describe, expect, it } from "vitest";
import { buildDischargeSummary, TINY_PNG } from "../subgraphs/documents/src/fhir/build/discharge-summary.js";
import { codes, db, gql, hub, token } from "./support/client.js";
import { fixturesPresent, load } from "../subgraphs/documents/src/fhir/fixtures.testkit.js";
import { entryOf, example } from "../subgraphs/documents/src/fhir/examples.testkit.js";

const HOSPITAL_B = "1310000002", CLINIC_E = "1310000005";
const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id type status } exchangeNumber } }`;
const INCOMING = `{ incomingDocuments(first: 20) { nodes { id type reason reservationDate sourceOrganization { id } document { id fhir attachments { contentType size url } } } } }`;
const system = (org: string, scope = "documents.write documents.read") => token({ role: "system", sub: `EHR-${org}`, org, scope });
const gatewayBase = () => hub().gateway.replace(/\/graphql$/, "");

/** A discharge summary for a fresh patient (unique insured id), with one key image. */
function summary(insuredNo: string) {
  return buildDischargeSummary({
    institution: HOSPITAL_B, insuredId: `06139992:け-1:${insuredNo}:01`, patientName: "検証 太郎", birthDate: "1960-02-03", gender: "male",
    admittedOn: "2026-10-01", dischargedOn: "2026-10-20", diagnosisOnAdmission: "心不全", hospitalCourse: "利尿薬で改善",
    attachments: [{ contentType: "image/png", data: TINY_PNG, title: "胸部X線 キー画像" }],
  });
}

/** The project's referral example (clinic A; it carries a key image) with a fresh insured id. */
function ownReferral(insuredNo: string) {
  const b = example("referral-57133-1");
  entryOf(b, "Patient").resource.identifier[1].value = `06139992:み-1:${insuredNo}:01`;
  return b;
}

/** The IG's referral example (CC BY-ND 4.0, read as is) with, in memory, a key image inline and a fresh insured id. */
function referralWithImage(insuredNo: string) {
  const b = load("valid/referral/Bundle-Bundle-CLINS-Referral-Example-01.json");
  const patient = b.entry.find((e: any) => e.resource.resourceType === "Patient").resource;
  patient.identifier.find((i: any) => i.system.endsWith("JP_Insurance_memberID")).value = `00012345:あいう:${insuredNo}:05`;
  const ref = b.entry.find((e: any) => e.resource.resourceType === "DocumentReference").resource;
  ref.content[0].attachment = { contentType: "image/png", data: TINY_PNG.toString("base64"), title: "腹部CT キー画像" };
  return b;
}

/**
 * The issue's done-when: an institution's system registers a document with a key image, the patient gets an exchange
 * number, the destination clinic pre-fetches it because of a reservation, retrieves it, and every step is audited.
 */
async function journey(issuer: string, bundle: Record<string, unknown>, type: string, category: string) {
  const reg = await gql<any>(REGISTER, { token: await system(issuer), variables: { i: { bundle, destinationOrganizationId: CLINIC_E, consentAtIssuance: true } } });
  expect(reg.errors).toBeUndefined();
  const { document, exchangeNumber } = reg.data.registerDocument;
  const c = await db();
  try {
    const [{ patient_id: patientId }] = (await c.query(`SELECT patient_id FROM documents.documents WHERE id = $1`, [document.id])).rows;
    const clinic = await token({ role: "doctor", sub: "D-005", org: CLINIC_E });

    // Addressed to the clinic, but the patient has not come or booked: listed, content not readable.
    let list = await gql<any>(INCOMING, { token: clinic });
    let line = list.data.incomingDocuments.nodes.find((n: any) => n.id === document.id);
    expect(line).toMatchObject({ type, reason: "ADDRESSED", sourceOrganization: { id: issuer }, document: null });
    expect(codes(list)).toContain("FORBIDDEN");

    // The patient books a visit: the next listing pre-fetches the document, key image included.
    const patient = await token({ role: "patient", sub: patientId, patientId });
    const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await gql(`mutation { makeReservation(organizationId: "${CLINIC_E}", date: "${date}") { id } }`, { token: patient })).errors).toBeUndefined();
    list = await gql<any>(INCOMING, { token: clinic });
    line = list.data.incomingDocuments.nodes.find((n: any) => n.id === document.id);
    expect(line).toMatchObject({ reason: "RESERVATION", reservationDate: date });
    expect(line.document.fhir.entry[0].resource.resourceType).toBe("Composition");
    const [image] = line.document.attachments;
    expect(image).toMatchObject({ contentType: "image/png", size: TINY_PNG.length });
    expect(JSON.stringify(line.document.fhir)).not.toContain(TINY_PNG.toString("base64"));

    // The download needs the clinic's own bearer token: without it 401, with it the bytes.
    const bearer = { authorization: `Bearer ${clinic}` };
    expect((await fetch(gatewayBase() + image.url)).status).toBe(401);
    const res = await fetch(gatewayBase() + image.url, { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    const forged = image.url.replace(/s=[^&]+/, "s=SOMEONE-ELSE");
    expect((await fetch(gatewayBase() + forged, { headers: bearer })).status).toBe(404);

    // The patient arrives with the exchange number.
    const got = await gql<any>(`mutation { retrieveDocument(exchangeNumber: "${exchangeNumber}") { id status retrievedAt } }`, { token: clinic });
    expect(got.data.retrieveDocument).toMatchObject({ id: document.id, status: "RETRIEVED" });
    list = await gql<any>(INCOMING, { token: clinic });
    expect(list.data.incomingDocuments.nodes.map((n: any) => n.id)).not.toContain(document.id);

    const events = (await c.query(`SELECT event_type FROM consent.audit_events WHERE $1 = ANY(record_ids) ORDER BY seq`, [document.id])).rows.map((x) => x.event_type);
    expect(events).toEqual(expect.arrayContaining(["document-registered", "document-prefetched", "attachment-downloaded", "document-retrieved", "access"]));
    expect(events.indexOf("document-registered")).toBeLessThan(events.indexOf("document-prefetched"));
    expect(events.indexOf("document-prefetched")).toBeLessThan(events.indexOf("document-retrieved"));
    const log = await gql<any>(`{ patient(id: "${patientId}") { accessLog(first: 50) { nodes { organization { id } category decision } } } }`, { token: patient });
    expect(log.data.patient.accessLog.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ organization: { id: CLINIC_E }, category, decision: "ALLOW" })]));
  } finally {
    await c.end();
  }
}

describe("document exchange: registration with a key image, pre-fetch, retrieval, withdrawal", () => {
  it("hospital B's system registers a discharge summary; the clinic pre-fetches it (reservation), retrieves it, downloads the image; all audited",
    () => journey(HOSPITAL_B, summary("7001"), "DISCHARGE_SUMMARY", "document_discharge"));

  it("the same for the project's referral with a key image, from clinic A's system",
    () => journey("1310000001", ownReferral("8" + String(Date.now() % 100000)), "REFERRAL", "document_referral"));

  it.runIf(fixturesPresent)("the same for the IG's referral example with a key image, from its author institution's system (conformance)",
    () => journey("1319876543", referralWithImage("9" + String(Date.now() % 100000)), "REFERRAL", "document_referral"));

  it("the issuer withdraws a document: its number stops working and it leaves every list; others cannot withdraw it", async () => {
    const reg = await gql<any>(REGISTER, { token: await system(HOSPITAL_B), variables: { i: { bundle: summary("7002"), destinationOrganizationId: CLINIC_E, consentAtIssuance: true } } });
    const { document, exchangeNumber } = reg.data.registerDocument;
    const WITHDRAW = `mutation($id: ID!) { withdrawDocument(id: $id, reason: "誤った患者に発行") }`;
    const other = await system(CLINIC_E);
    expect(codes(await gql(WITHDRAW, { token: other, variables: { id: document.id } }))).toEqual(["NOT_FOUND"]);
    const readOnly = await system(HOSPITAL_B, "documents.read");
    expect((await gql(WITHDRAW, { token: readOnly, variables: { id: document.id } })).errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "client-scope" });
    expect((await gql<any>(WITHDRAW, { token: await system(HOSPITAL_B), variables: { id: document.id } })).data.withdrawDocument).toBe(document.id);
    expect(codes(await gql(WITHDRAW, { token: await system(HOSPITAL_B), variables: { id: document.id } }))).toEqual(["CONFLICT"]);
    const clinic = await token({ role: "doctor", sub: "D-005", org: CLINIC_E });
    expect(codes(await gql(`mutation { retrieveDocument(exchangeNumber: "${exchangeNumber}") { id } }`, { token: clinic }))).toEqual(["NOT_FOUND"]);
    const list = await gql<any>(INCOMING, { token: clinic });
    expect(list.data.incomingDocuments.nodes.map((n: any) => n.id)).not.toContain(document.id);
  });

  it("a patient's consent moves a held document (閲覧保留) to AVAILABLE", async () => {
    const reg = await gql<any>(REGISTER, { token: await system(HOSPITAL_B), variables: { i: { bundle: summary("7003"), destinationOrganizationId: CLINIC_E } } });
    const { document } = reg.data.registerDocument;
    expect(document.status).toBe("PENDING_CONSENT");
    const c = await db();
    const [{ patient_id: patientId }] = (await c.query(`SELECT patient_id FROM documents.documents WHERE id = $1`, [document.id])).rows;
    await c.end();
    const clinic = await token({ role: "doctor", sub: "D-005", org: CLINIC_E });
    expect((await gql<any>(INCOMING, { token: clinic })).data.incomingDocuments.nodes.map((n: any) => n.id)).not.toContain(document.id);
    const patient = await token({ role: "patient", sub: patientId, patientId });
    expect((await gql<any>(`mutation { consentToDocument(id: "${document.id}") }`, { token: patient })).data.consentToDocument).toBe(document.id);
    expect((await gql<any>(INCOMING, { token: clinic })).data.incomingDocuments.nodes.map((n: any) => n.id)).toContain(document.id);
  });

  it("refuses attachments that lie about their type or exceed the size limit, storing nothing", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM documents.attachments`)).rows[0].count);
    const before = await count();
    const fake = summary("7004");
    const att = (fake.entry as any[]).at(-1).resource.content[0].attachment;
    att.data = Buffer.from("<script>alert(1)</script>").toString("base64");
    att.size = 25;
    const r = await gql(REGISTER, { token: await system(HOSPITAL_B), variables: { i: { bundle: fake } } });
    expect(r.errors![0].extensions).toMatchObject({ code: "FHIR_VALIDATION_FAILED" });
    expect((r.errors![0].extensions as any).issues).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "attachment-content-type" })]));
    const exe = summary("7005");
    (exe.entry as any[]).at(-1).resource.content[0].attachment.contentType = "application/x-msdownload";
    expect(((await gql(REGISTER, { token: await system(HOSPITAL_B), variables: { i: { bundle: exe } } })).errors![0].extensions as any).issues[0].ruleId).toBe("attachment-content-type");
    expect(await count()).toBe(before);
    await c.end();
  });
});
