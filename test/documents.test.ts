import { describe, expect, it } from "vitest";
import { codes, db, gql, token } from "./support/client.js";
import { entryOf, example } from "../subgraphs/documents/src/fhir/examples.testkit.js";
import { newExchangeNumber } from "../subgraphs/documents/src/exchange/exchange-number.js";

/** The project's own referral example (clinic A to hospital B), with a fresh insured id per run; variants built in memory. */
const AUTHOR_ORG = "1310000001"; // the example's author organisation
const INSURED = `06139992:み-1:${String(Date.now()).slice(-6)}:01`;

const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id type status } exchangeNumber } }`;
function referral() {
  const b = example("referral-57133-1");
  entryOf(b, "Patient").resource.identifier[1].value = INSURED;
  return b;
}

describe("document registration and exchange", () => {
  it("clinic A registers its referral; the destination retrieves it once with the exchange number", async () => {
    const author = await token({ role: "doctor", sub: "DR-X", org: AUTHOR_ORG });
    const r = await gql<any>(REGISTER, { token: author, variables: { i: { bundle: referral(), destinationOrganizationId: "1310000002", consentAtIssuance: true } } });
    expect(r.errors).toBeUndefined();
    const { document, exchangeNumber } = r.data.registerDocument;
    expect(document).toMatchObject({ type: "REFERRAL", status: "AVAILABLE" });
    expect(exchangeNumber).toMatch(/^\d{16}$/);

    // The patient was unknown: matched by insured id next time, created now.
    const c = await db();
    const [p] = (await c.query(`SELECT id, name FROM clinical.patients WHERE insurance_member_id = $1`, [INSURED])).rows;
    expect(p).toMatchObject({ id: expect.stringMatching(/^P-/), name: "見本 花子" });

    const elsewhere = await token({ role: "doctor", sub: "DR-Z", org: "1310000005" });
    expect(codes(await gql(`mutation { retrieveDocument(exchangeNumber: "${exchangeNumber}") { id } }`, { token: elsewhere }))).toEqual(["NOT_FOUND"]);
    const dest = await token({ role: "doctor", sub: "D-001", org: "1310000002" });
    const got = await gql<any>(`mutation { retrieveDocument(exchangeNumber: "${exchangeNumber}") { id type status fhir } }`, { token: dest });
    expect(got.errors).toBeUndefined();
    expect(got.data.retrieveDocument).toMatchObject({ id: document.id, type: "REFERRAL", status: "RETRIEVED" });
    expect(got.data.retrieveDocument.fhir.entry[0].resource.resourceType).toBe("Composition");
    // A second retrieval at the same institution answers the same document (the desk, then the doctor).
    const again = await gql<any>(`mutation { retrieveDocument(exchangeNumber: "${exchangeNumber}") { id status } }`, { token: dest });
    expect(again.data.retrieveDocument).toEqual({ id: document.id, status: "RETRIEVED" });
    const events = (await c.query(`SELECT event_type FROM consent.audit_events WHERE $1 = ANY(record_ids) ORDER BY seq`, [document.id])).rows.map((x) => x.event_type);
    await c.end();
    expect(events).toEqual(expect.arrayContaining(["document-registered", "document-retrieved", "access"]));
  });

  it("without consent at issuance the document waits (閲覧保留): its number answers like an unknown one and changes nothing", async () => {
    const author = await token({ role: "doctor", sub: "DR-X", org: AUTHOR_ORG });
    const r = await gql<any>(REGISTER, { token: author, variables: { i: { bundle: referral() } } });
    expect(r.data.registerDocument.document.status).toBe("PENDING_CONSENT");
    const anyone = await token({ role: "doctor", sub: "D-005", org: "1310000005" });
    const got = await gql(`mutation { retrieveDocument(exchangeNumber: "${r.data.registerDocument.exchangeNumber}") { id } }`, { token: anyone });
    const unknown = await gql(`mutation { retrieveDocument(exchangeNumber: "${newExchangeNumber()}") { id } }`, { token: anyone });
    expect(got.errors![0].extensions).toMatchObject({ code: "NOT_FOUND" });
    expect(got.errors![0]).toEqual({ ...unknown.errors![0], path: got.errors![0].path });
    const c = await db();
    const [row] = (await c.query(`SELECT status FROM documents.documents WHERE id = $1`, [r.data.registerDocument.document.id])).rows;
    expect(row.status).toBe("PENDING_CONSENT");
    await c.end();
  });

  it("refuses a non-conformant bundle with rule ids and paths, and another institution's document, storing nothing", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM documents.documents`)).rows[0].count);
    const before = await count();
    const bad = referral();
    bad.identifier.system = "http://example.org/ids";
    bad.entry[0].resource.author[0].reference = "urn:uuid:00000000-0000-0000-0000-000000000000";
    const author = await token({ role: "doctor", sub: "DR-X", org: AUTHOR_ORG });
    const r = await gql(REGISTER, { token: author, variables: { i: { bundle: bad } } });
    expect(r.errors![0].extensions!.code).toBe("FHIR_VALIDATION_FAILED");
    const issues = r.errors![0].extensions!.issues as { ruleId: string; path: string }[];
    expect(issues.map((i) => i.ruleId)).toEqual(expect.arrayContaining(["R02151", "doc-reference-resolves"]));
    expect(issues.every((i) => i.path.length > 0)).toBe(true);
    const other = await token({ role: "doctor", sub: "D-005", org: "1310000005" });
    const wrongOrg = await gql(REGISTER, { token: other, variables: { i: { bundle: referral() } } });
    expect(wrongOrg.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "own-institution-only" });
    expect(codes(await gql(REGISTER, { token: author, variables: { i: { bundle: "not a bundle" } } }))).toEqual(["FHIR_VALIDATION_FAILED"]);
    expect(await count()).toBe(before);
    await c.end();
  });
});
