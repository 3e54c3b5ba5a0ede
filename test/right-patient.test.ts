import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { as, codes, db, gql, hub, token } from "./support/client.js";
import { entryOf, example } from "../subgraphs/documents/src/fhir/examples.testkit.js";
import { fixturesPresent, load } from "../subgraphs/documents/src/fhir/fixtures.testkit.js";
import { authorOrganizationOf } from "../subgraphs/documents/src/fhir/author.js";

/**
 * Right patient, right version: the identity check at ingestion, idempotent registration and versions, the issuer's
 * list, the reception desk, the patient's side. The project's referral example is clinic A's, addressed to hospital B.
 */
const CLINIC_A = "1310000001", HOSPITAL_B = "1310000002", CLINIC_E = "1310000005";
const HANAKO_INSURED = "06139992:ひ-12:3456:01"; // 北条 花子 (P-0001), born 1958
const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id status version } exchangeNumber repeated } }`;
const RETRIEVE = `mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id status version fhir exchangeNumber } }`;
const ISSUED = `{ issuedDocuments(first: 100) { nodes { id type status version supersedes supersededBy retrievedAt retrievedBy { id } destinationOrganization { id } exchangeNumber issuance patient { name kana birthDate sex } } } }`;
const doctorA = () => token({ role: "doctor", sub: "D-A1", org: CLINIC_A });
const clerkB = () => token({ role: "clerk", sub: "C-B1", org: HOSPITAL_B });
let serial = 0;

/** The referral example for a fresh patient (unique insured id, the example's own name). */
function referral(insured = `06139992:み-1:${process.pid % 1000}${Date.now() % 100000}${++serial}:01`) {
  const b = example("referral-57133-1");
  entryOf(b, "Patient").resource.identifier[1].value = insured;
  return b;
}
const register = (bundle: unknown, extra: Record<string, unknown> = {}, who?: string) =>
  (async () => gql<any>(REGISTER, { token: who ?? (await doctorA()), variables: { i: { bundle, destinationOrganizationId: HOSPITAL_B, consentAtIssuance: true, ...extra } } }))();
const issuesOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => ((r.errors?.[0]?.extensions?.issues ?? []) as { ruleId: string; path: string }[]);

let c: Client;
beforeAll(async () => { c = await db(); });
afterAll(async () => { await c.end(); });
const count = async (sql: string, params: unknown[]) => Number((await c.query(sql, params)).rows[0].count);
const patientOf = async (docId: string) => (await c.query(`SELECT patient_id FROM documents.documents WHERE id = $1`, [docId])).rows[0].patient_id as string;
const patientToken = (id: string) => token({ role: "patient", sub: id, patientId: id });

describe("wrong patient: the identity check at ingestion", () => {
  it("a referral naming 牧野 爛漫 (born 1930) under 北条 花子's insured id is refused with the rule and paths, and nothing is stored", async () => {
    const b = referral(HANAKO_INSURED);
    const p = entryOf(b, "Patient");
    p.resource.name[0] = { ...p.resource.name[0], text: "牧野 爛漫", family: "牧野", given: ["爛漫"] };
    p.resource.name[1] = { ...p.resource.name[1], text: "マキノ ランマン", family: "マキノ", given: ["ランマン"] };
    p.resource.birthDate = "1930-03-01";
    p.resource.gender = "male";
    const docs = () => count(`SELECT count(*) FROM documents.documents WHERE patient_id = 'P-0001'`, []);
    const before = await docs();
    const r = await register(b);
    expect(codes(r)).toEqual(["FHIR_VALIDATION_FAILED"]);
    expect(issuesOf(r).map((i) => [i.ruleId, i.path])).toEqual([
      ["patient-identity-mismatch", `Bundle.entry[${p.index}].resource.name`],
      ["patient-identity-mismatch", `Bundle.entry[${p.index}].resource.birthDate`],
      ["patient-identity-mismatch", `Bundle.entry[${p.index}].resource.gender`],
    ]);
    expect(await docs()).toBe(before);
    // One wrong digit of the birth date alone is enough.
    const oneOff = referral(HANAKO_INSURED);
    Object.assign(entryOf(oneOff, "Patient").resource, { name: p.resource.name.map((n: any, i: number) => ({ ...n, ...(i === 0 ? { text: "北条 花子", family: "北条", given: ["花子"] } : { text: "ホウジョウ ハナコ", family: "ホウジョウ", given: ["ハナコ"] }) })), birthDate: "1958-04-13", gender: "female" });
    expect(issuesOf(await register(oneOff)).map((i) => i.path)).toEqual([`Bundle.entry[${p.index}].resource.birthDate`]);
    expect(await docs()).toBe(before);
  });

  it("submitClinicalInformation checks the same: another person under a known insured id stores no record", async () => {
    const b = example("clins-condition");
    const p = entryOf(b, "Patient");
    p.resource.identifier.find((i: any) => i.system.endsWith("JP_Insurance_memberID")).value = HANAKO_INSURED;
    const records = () => count(`SELECT count(*) FROM clinical.records WHERE patient_id = 'P-0001'`, []);
    const before = await records();
    const r = await gql(`mutation($b: JSON!) { submitClinicalInformation(bundle: $b) { inserted } }`, { token: await as.doctorB(), variables: { b } });
    expect(codes(r)).toEqual(["FHIR_VALIDATION_FAILED"]);
    expect(issuesOf(r).map((i) => i.ruleId)).toContain("patient-identity-mismatch");
    expect(await records()).toBe(before);
  });

  it("the same person written another way (no space, half-width kana) is matched, not created again", async () => {
    const insured = `06139992:み-1:${Date.now() % 1000000}:02`;
    const first = await register(referral(insured));
    expect(first.errors).toBeUndefined();
    const again = referral(insured);
    const p = entryOf(again, "Patient").resource;
    p.name[0].text = "見本花子";
    p.name[1].text = "ﾐﾎﾝ ﾊﾅｺ";
    const second = await register(again);
    expect(second.errors).toBeUndefined();
    expect(await patientOf(second.data.registerDocument.document.id)).toBe(await patientOf(first.data.registerDocument.document.id));
    expect(await count(`SELECT count(*) FROM clinical.patients WHERE insurance_member_id = $1`, [insured])).toBe(1);
  });
});

describe("duplicates and versions", () => {
  it("the same Bundle twice is the same document; other content is CONFLICT; an amended Composition is version 2 that supersedes the first", async () => {
    const b = referral();
    const one = await register(b);
    expect(one.data.registerDocument).toMatchObject({ document: { status: "AVAILABLE", version: 1 }, repeated: false });
    const { document: v1, exchangeNumber } = one.data.registerDocument;
    const two = await register(structuredClone(b));
    expect(two.data.registerDocument).toEqual({ document: { id: v1.id, status: "AVAILABLE", version: 1 }, exchangeNumber, repeated: true });

    const other = structuredClone(b);
    other.entry[0].resource.title = "診療情報提供書（別の内容）";
    expect(codes(await register(other))).toEqual(["CONFLICT"]);

    const amended = structuredClone(b);
    amended.entry[0].resource.status = "amended";
    amended.entry[0].resource.title = "診療情報提供書（訂正）";
    const v2r = await register(amended);
    expect(v2r.errors).toBeUndefined();
    expect(v2r.data.registerDocument).toMatchObject({ document: { version: 2, status: "AVAILABLE" }, exchangeNumber, repeated: false });
    const v2 = v2r.data.registerDocument.document;
    expect(await count(`SELECT count(*) FROM documents.documents WHERE source_org_id = $1 AND bundle_identifier = $2`, [CLINIC_A, b.identifier.value])).toBe(2);

    // The destination sees the latest version with the same exchange number.
    const got = await gql<any>(RETRIEVE, { token: await as.doctorB(), variables: { n: exchangeNumber } });
    expect(got.data.retrieveDocument).toMatchObject({ id: v2.id, version: 2, status: "RETRIEVED", exchangeNumber: null });
    expect(got.data.retrieveDocument.fhir.entry[0].resource.title).toBe("診療情報提供書（訂正）");

    // The patient sees the history: both versions, linked.
    const pid = await patientOf(v1.id);
    const mine = await gql<any>(`{ patient(id: "${pid}") { documents { nodes { id status version supersedes supersededBy exchangeNumber } } } }`, { token: await patientToken(pid) });
    expect(mine.data.patient.documents.nodes).toEqual(expect.arrayContaining([
      { id: v2.id, status: "RETRIEVED", version: 2, supersedes: v1.id, supersededBy: null, exchangeNumber },
      { id: v1.id, status: "SUPERSEDED", version: 1, supersedes: null, supersededBy: v2.id, exchangeNumber },
    ]));
  });

  it("an amended version of a document already retrieved stays readable at the institution that retrieved it", async () => {
    const b = referral();
    const { exchangeNumber } = (await register(b)).data.registerDocument;
    const dest = await as.doctorB();
    expect((await gql<any>(RETRIEVE, { token: dest, variables: { n: exchangeNumber } })).data.retrieveDocument.version).toBe(1);
    const amended = structuredClone(b);
    amended.entry[0].resource.status = "amended";
    amended.entry[0].resource.title = "診療情報提供書（追記）";
    const v2 = (await register(amended)).data.registerDocument.document;
    const pid = await patientOf(v2.id);
    const seen = await gql<any>(`{ patient(id: "${pid}") { documents(type: REFERRAL) { nodes { id version status } } } }`, { token: dest });
    expect(seen.data.patient.documents.nodes).toEqual([{ id: v2.id, version: 2, status: "AVAILABLE" }]);
  });
});

describe("the issuer's list and the reception desk", () => {
  it("the issuer lists what it issued with the patient as written, and sees when it was retrieved; no one else sees it", async () => {
    const { document } = (await register(referral(), { issuance: "PAPER" })).data.registerDocument;
    const mine = (await gql<any>(ISSUED, { token: await doctorA() })).data.issuedDocuments.nodes.find((n: any) => n.id === document.id);
    expect(mine).toMatchObject({ type: "REFERRAL", status: "AVAILABLE", version: 1, retrievedAt: null, destinationOrganization: { id: HOSPITAL_B }, issuance: "PAPER",
      exchangeNumber: expect.stringMatching(/^\d{16}$/), patient: { name: "見本 花子", kana: "ミホン ハナコ", birthDate: "1962-05-20", sex: "female" } });
    await gql(RETRIEVE, { token: await as.doctorB(), variables: { n: mine.exchangeNumber } });
    const after = (await gql<any>(ISSUED, { token: await token({ role: "clerk", sub: "C-A1", org: CLINIC_A }) })).data.issuedDocuments.nodes.find((n: any) => n.id === document.id);
    expect(after).toMatchObject({ status: "RETRIEVED", retrievedAt: expect.any(String), retrievedBy: { id: HOSPITAL_B } });
    const others = await gql<any>(ISSUED, { token: await as.doctorB() });
    expect(others.data.issuedDocuments.nodes.map((n: any) => n.id)).not.toContain(document.id);
    expect((await gql(ISSUED, { token: await as.researcher() })).errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
  });

  it("the desk sees whom to expect; the clerk retrieves and is answered the metadata, never the content; the doctor then opens it, and again", async () => {
    const { document, exchangeNumber } = (await register(referral())).data.registerDocument;
    const clerk = await clerkB();
    const admin = await as.admin();
    const list = await gql<any>(`{ incomingDocuments(first: 100) { nodes { id patient { name kana birthDate sex } } } }`, { token: clerk });
    expect(list.data.incomingDocuments.nodes.find((n: any) => n.id === document.id))
      .toEqual({ id: document.id, patient: { name: "見本 花子", kana: "ミホン ハナコ", birthDate: "1962-05-20", sex: "female" } });
    const pid = await patientOf(document.id);
    const consents = () => count(`SELECT count(*) FROM consent.consents WHERE patient_id = $1`, [pid]);
    const before = await consents();
    const desk = await gql<any>(`mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id type status version retrievedAt sourceOrganization { id } destinationOrganization { id } } }`,
      { token: clerk, variables: { n: exchangeNumber } });
    expect(desk.errors).toBeUndefined();
    expect(desk.data.retrieveDocument).toMatchObject({ id: document.id, type: "REFERRAL", status: "RETRIEVED", version: 1, sourceOrganization: { id: CLINIC_A }, destinationOrganization: { id: HOSPITAL_B } });
    expect(desk.data.retrieveDocument.retrievedAt).toEqual(expect.any(String));
    expect((await c.query(`SELECT status, retrieved_by_org FROM documents.documents WHERE id = $1`, [document.id])).rows[0]).toEqual({ status: "RETRIEVED", retrieved_by_org: HOSPITAL_B });
    expect(await consents()).toBe(before + 1);
    // The content is not the desk's: asking for it again answers the same document with the content refused.
    const content = await gql<any>(`mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id status title fhir } }`, { token: clerk, variables: { n: exchangeNumber } });
    expect(content.data.retrieveDocument).toMatchObject({ id: document.id, status: "RETRIEVED", title: null, fhir: null });
    expect(content.errors?.map((e: any) => [e.path.join("."), e.extensions.code, e.extensions.category]).sort())
      .toEqual([["retrieveDocument.fhir", "FORBIDDEN", "document_referral"], ["retrieveDocument.title", "FORBIDDEN", "document_referral"]]);
    // Nor does the desk's consent-covered view list the documents (their content is not the desk's).
    const listed = await gql<any>(`{ patient(id: "${pid}") { documents { nodes { id } } } }`, { token: clerk });
    expect(listed.data.patient.documents).toBeNull();
    expect(listed.errors?.map((e: any) => [e.path.join("."), e.extensions.code])).toEqual([["patient.documents", "FORBIDDEN"]]);
    // A policy admin's explanation tells the two questions apart.
    const explain = (metadata: boolean) => gql<any>(`query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule } }`, { token: admin, variables: { i: {
      subject: { role: "clerk", sub: "C-B1", org: HOSPITAL_B }, patientId: pid, category: "DOCUMENT_REFERRAL", recordId: document.id, sourceOrganizationId: CLINIC_A, metadata,
      justification: "受付から: 紹介状の中身が見えない" } } });
    expect((await explain(true)).data.explainAccess.allowed).toBe(true);
    expect((await explain(false)).data.explainAccess).toEqual({ allowed: false, rule: "role-policy-no-match" });
    const doctor = await gql<any>(RETRIEVE, { token: await as.doctorB(), variables: { n: exchangeNumber } });
    expect(doctor.errors).toBeUndefined();
    expect(doctor.data.retrieveDocument).toMatchObject({ id: document.id, status: "RETRIEVED", fhir: expect.objectContaining({ resourceType: "Bundle" }) });
    const nurse = await gql<any>(RETRIEVE, { token: await as.nurseB(), variables: { n: exchangeNumber.replace(/(\d{4})(?=\d)/g, "$1 ") } });
    expect(nurse.data.retrieveDocument).toMatchObject({ id: document.id, status: "RETRIEVED", fhir: expect.objectContaining({ resourceType: "Bundle" }) });
    expect(await consents()).toBe(before + 1);
  });

  it("a role that may read neither a document nor its metadata is refused with FORBIDDEN and changes nothing; the desk then retrieves it", async () => {
    const { document, exchangeNumber } = (await register(referral())).data.registerDocument;
    const pid = await patientOf(document.id);
    const consents = () => count(`SELECT count(*) FROM consent.consents WHERE patient_id = $1`, [pid]);
    const before = await consents();
    const pharmacist = await token({ role: "pharmacist", sub: "PH-B1", org: HOSPITAL_B });
    const refused = await gql(RETRIEVE, { token: pharmacist, variables: { n: exchangeNumber } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", category: "document_referral" });
    expect((await c.query(`SELECT status FROM documents.documents WHERE id = $1`, [document.id])).rows[0].status).toBe("AVAILABLE");
    expect(await consents()).toBe(before);
    const desk = await gql<any>(`mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id status } }`, { token: await clerkB(), variables: { n: exchangeNumber } });
    expect(desk.data.retrieveDocument).toEqual({ id: document.id, status: "RETRIEVED" });
  });
});

describe("the patient's side", () => {
  it("she reads her exchange number and a paper issuance; a withdrawn document stays listed as WITHDRAWN with the reason, without content", async () => {
    const { document, exchangeNumber } = (await register(referral(), { issuance: "PAPER" })).data.registerDocument;
    const pid = await patientOf(document.id);
    const me = await patientToken(pid);
    const DOCS = `{ patient(id: "${pid}") { documents { nodes { id status exchangeNumber issuance withdrawnReason fhir } } } }`;
    let mine = (await gql<any>(DOCS, { token: me })).data.patient.documents.nodes;
    expect(mine).toEqual([expect.objectContaining({ id: document.id, status: "AVAILABLE", exchangeNumber, issuance: "PAPER", withdrawnReason: null })]);
    await gql(`mutation { withdrawDocument(id: "${document.id}", reason: "記載内容の誤り") }`, { token: await doctorA() });
    mine = (await gql<any>(DOCS, { token: me })).data.patient.documents.nodes;
    expect(mine).toEqual([{ id: document.id, status: "WITHDRAWN", exchangeNumber, issuance: "PAPER", withdrawnReason: "記載内容の誤り", fhir: null }]);
    const dest = await gql<any>(`{ patient(id: "${pid}") { documents { nodes { id } } } }`, { token: await as.doctorB() });
    expect(dest.data.patient.documents?.nodes ?? []).toEqual([]);
  });

  it("she gives one chosen document to a clinic: it reads that one (documents without type is a list, not null), and no longer once revoked", async () => {
    const insured = `06139992:み-1:${Date.now() % 1000000}:03`;
    const chosen = (await register(referral(insured))).data.registerDocument.document;
    const other = (await register(referral(insured))).data.registerDocument.document;
    const pid = await patientOf(chosen.id);
    const me = await patientToken(pid);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const share = await gql<any>(`mutation { shareDocument(documentId: "${chosen.id}", organizationId: "${CLINIC_E}", expiresAt: "${until}") { consentId documentId organizationId } }`, { token: me });
    expect(share.errors).toBeUndefined();
    const clinic = await as.doctorE();
    const READ = `{ patient(id: "${pid}") { documents { nodes { id type } } } }`;
    const seen = await gql<any>(READ, { token: clinic });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.patient.documents.nodes).toEqual([{ id: chosen.id, type: "REFERRAL" }]);
    expect(seen.data.patient.documents.nodes.map((n: any) => n.id)).not.toContain(other.id);
    const listed = await gql<any>(`{ patient(id: "${pid}") { consents { nodes { id source recordIds } } } }`, { token: me });
    expect(listed.data.patient.consents.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ id: share.data.shareDocument.consentId, recordIds: [chosen.id] })]));
    // Someone else's document is as unknown as a missing one.
    expect(codes(await gql(`mutation { shareDocument(documentId: "${chosen.id}", organizationId: "${CLINIC_E}", expiresAt: "${until}") { consentId } }`, { token: await as.patient() }))).toEqual(["NOT_FOUND"]);
    await gql(`mutation { revokeConsent(id: "${share.data.shareDocument.consentId}") { id } }`, { token: me });
    const gone = await gql<any>(READ, { token: clinic });
    expect(gone.data.patient.documents?.nodes ?? []).toEqual([]);
  });
});

describe("pre-visit provision (事前提供)", () => {
  it("booking with shareCategories gives the institution exactly those categories until the day after the visit; cancelling ends it", async () => {
    const { document } = (await register(referral())).data.registerDocument;
    const pid = await patientOf(document.id);
    const me = await patientToken(pid);
    const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const booked = await gql<any>(`mutation { makeReservation(organizationId: "${CLINIC_E}", date: "${date}", shareCategories: [DOCUMENT_REFERRAL]) { id } }`, { token: me });
    expect(booked.errors).toBeUndefined();
    const consents = await gql<any>(`{ patient(id: "${pid}") { consents { nodes { source categories recordIds status organization { id } } } } }`, { token: me });
    expect(consents.data.patient.consents.nodes).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: "RESERVATION", categories: ["DOCUMENT_REFERRAL"], recordIds: null, status: "ACTIVE", organization: { id: CLINIC_E } }),
    ]));
    const clinic = await as.doctorE();
    const READ = `{ patient(id: "${pid}") { documents(type: REFERRAL) { nodes { id } } conditions { nodes { id } } } }`;
    const seen = await gql<any>(READ, { token: clinic });
    expect(seen.data.patient.documents.nodes).toEqual([{ id: document.id }]);
    expect(seen.data.patient.conditions).toBeNull();
    expect(codes(await gql(`mutation { makeReservation(organizationId: "${CLINIC_E}", date: "${date}", shareCategories: [CONSENT]) { id } }`, { token: me }))).toEqual(["BAD_USER_INPUT"]);
    await gql(`mutation { cancelReservation(id: "${booked.data.makeReservation.id}") { id } }`, { token: me });
    const after = await gql<any>(READ, { token: clinic });
    expect(after.data.patient.documents).toBeNull();
  });
});

describe("beyond the three documents: the 患者サマリー (PCS)", () => {
  it.runIf(fixturesPresent)("the IG's PCS example registers from its author institution and is retrieved at the destination", async () => {
    const b = load("valid/pcs/Bundle-Bundle-CLINS-PCS-Example-01.json");
    const author = authorOrganizationOf(b)!;
    const reg = await register(b, {}, await token({ role: "doctor", sub: "D-PCS", org: author }));
    expect(reg.errors).toBeUndefined();
    const got = await gql<any>(`mutation($n: String!) { retrieveDocument(exchangeNumber: $n) { id status fhir } }`, { token: await as.doctorB(), variables: { n: reg.data.registerDocument.exchangeNumber } });
    expect(got.data.retrieveDocument).toMatchObject({ id: reg.data.registerDocument.document.id, status: "RETRIEVED" });
    expect(got.data.retrieveDocument.fhir.entry[0].resource.type.coding[0].code).toBe("56447-6");
  });

  it("the project's PCS example is a fourth document kind with its own category, listed by type", async () => {
    const b = example("patient-summary-56447-6");
    entryOf(b, "Patient").resource.identifier[1].value = `06139992:み-1:${Date.now() % 1000000}:05`;
    const reg = await register(b, { destinationOrganizationId: null }, await token({ role: "doctor", sub: "D-PCS2", org: authorOrganizationOf(b)! }));
    expect(reg.errors).toBeUndefined();
    const pid = await patientOf(reg.data.registerDocument.document.id);
    const mine = await gql<any>(`{ patient(id: "${pid}") { documents(type: PATIENT_SUMMARY) { nodes { id type title } } } }`, { token: await patientToken(pid) });
    expect(mine.data.patient.documents.nodes).toEqual([{ id: reg.data.registerDocument.document.id, type: "PATIENT_SUMMARY", title: "患者サマリー（療養計画書）" }]);
    expect((await c.query(`SELECT category FROM documents.documents WHERE id = $1`, [reg.data.registerDocument.document.id])).rows[0].category).toBe("document_summary");
  });
});

describe("the paper slip (引換番号の控え)", () => {
  it("a PAPER issuance has a printable PDF slip with the number, the type, the issuer and a QR code, for the patient and the issuer only", async () => {
    const { document, exchangeNumber } = (await register(referral(), { issuance: "PAPER" })).data.registerDocument;
    const pid = await patientOf(document.id);
    const me = await patientToken(pid);
    const r = await gql<any>(`{ patient(id: "${pid}") { documents { nodes { id slipUrl } } } }`, { token: me });
    const url = r.data.patient.documents.nodes.find((n: any) => n.id === document.id).slipUrl;
    expect(url).toBe(`/slips?document=${document.id}`);
    const base = hub().gateway.replace(/\/graphql$/, "");
    const get = (t?: string) => fetch(base + url, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    const res = await get(me);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer()).toString("latin1");
    expect(pdf.startsWith("%PDF-1.4")).toBe(true);
    expect(pdf).toContain(exchangeNumber.replace(/(\d{4})(?=\d)/g, "$1 "));
    expect(pdf).toContain("/HeiseiKakuGo-W5");
    const hex = (s: string) => [...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, "0")).join("");
    expect(pdf).toContain(hex("診療情報提供書"));
    expect(pdf).toContain(hex("あおばクリニック"));
    expect((pdf.match(/ re/g) ?? []).length).toBeGreaterThan(100); // the QR code's dark modules
    expect((await get(await doctorA())).status).toBe(200);
    expect((await get(await as.doctorB())).status).toBe(404);
    expect((await get(await as.patient())).status).toBe(404);
    expect((await get()).status).toBe(401);
  });
});
