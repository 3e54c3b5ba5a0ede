import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildDischargeSummary } from "../subgraphs/documents/src/fhir/build/discharge-summary.js";
import { as, codes, db, gql } from "./support/client.js";
import { ASSERTION_TYPE, assertion, clientCredentials, newKeyPair, registerClient, requestToken, systemToken, tokenUrl } from "./support/system-client.js";

const HOSPITAL_B = "1310000002";
const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id type status } exchangeNumber } }`;

/** A discharge summary authored by `institution`, for a fresh patient. */
const dischargeSummary = (institution: string) => buildDischargeSummary({
  institution, insuredId: `06139992:し-2:${Math.floor(Math.random() * 1e6)}:01`, patientName: "検証 次郎", birthDate: "1955-04-05", gender: "male",
  admittedOn: "2026-09-01", dischargedOn: "2026-09-15", diagnosisOnAdmission: "肺炎", hospitalCourse: "抗菌薬で改善し退院",
});

async function auditRows(sql: string, params: unknown[]): Promise<Record<string, any>[]> {
  const c = await db();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe("system clients: client credentials with private_key_jwt", () => {
  it("a departmental system of hospital B registers a discharge summary for its institution, and is refused for another", async () => {
    const key = await newKeyPair("ES256");
    const clientId = await registerClient(HOSPITAL_B, ["documents.write", "documents.read"], key);
    const issued = await clientCredentials(await assertion(clientId, key));
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "documents.write documents.read" });
    const token = issued.body.access_token as string;

    const me = await gql<any>(`{ me { sub role org } }`, { token });
    expect(me.data.me).toEqual({ sub: clientId, role: "SYSTEM", org: HOSPITAL_B });

    const ok = await gql<any>(REGISTER, { token, variables: { i: { bundle: dischargeSummary(HOSPITAL_B), consentAtIssuance: true } } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.registerDocument.document).toMatchObject({ type: "DISCHARGE_SUMMARY", status: "AVAILABLE" });
    expect(ok.data.registerDocument.exchangeNumber).toMatch(/^\d{16}$/);

    const other = await gql<any>(REGISTER, { token, variables: { i: { bundle: dischargeSummary("1310000005"), consentAtIssuance: true } } });
    expect(other.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "own-institution-only" });

    const events = await auditRows(`SELECT event_type, actor_org, decision, detail FROM consent.audit_events WHERE actor_sub = $1 ORDER BY seq`, [clientId]);
    expect(events[0]).toMatchObject({ event_type: "token-issued", actor_org: HOSPITAL_B, decision: "ALLOW" });
    expect(events.map((e) => e.event_type)).toContain("document-registered");
  });

  it("refuses expired, too long-lived, replayed, wrong-key, mis-addressed and unknown-client assertions with clear codes, all audited", async () => {
    const key = await newKeyPair("RS256");
    const clientId = await registerClient(HOSPITAL_B, ["documents.write"], key, "EHR");
    const refused = async (a: string, rule: string, error = "invalid_client", status = 401) => {
      const r = await clientCredentials(a);
      expect({ status: r.status, ...r.body }).toMatchObject({ status, error, rule, code: status === 401 ? "UNAUTHENTICATED" : expect.any(String) });
      expect(typeof r.body.error_description).toBe("string");
    };
    await refused(await assertion(clientId, key, { expIn: -120 }), "assertion-expired");
    await refused(await assertion(clientId, key, { expIn: 3600 }), "assertion-lifetime");
    await refused(await assertion(clientId, key, { iatIn: 600 }), "assertion-not-yet-valid");
    await refused(await assertion(clientId, key, { aud: "https://elsewhere.example/oauth/token" }), "assertion-audience");
    const stranger = await newKeyPair("RS256", key.kid);
    await refused(await assertion(clientId, stranger), "assertion-signature");
    await refused(await assertion(clientId, key, { kid: "no-such-kid" }), "client-key-unknown");
    await refused(await assertion("sys-9999999999-000000000000", key), "client-unknown");
    await refused(await assertion(clientId, key, { sub: "someone-else" }), "assertion-issuer");
    // Within the clock-skew limit an assertion that just expired is still taken.
    expect((await clientCredentials(await assertion(clientId, key, { expIn: -30 }))).status).toBe(200);

    const once = await assertion(clientId, key, { jti: randomUUID() });
    expect((await clientCredentials(once)).status).toBe(200);
    await refused(once, "assertion-replayed");

    const r = await clientCredentials(await assertion(clientId, key), "documents.write clinical.write");
    expect(r).toMatchObject({ status: 400, body: { error: "invalid_scope", rule: "scope-not-granted", code: "FORBIDDEN" } });
    expect(await requestToken({ grant_type: "password", client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(clientId, key) }))
      .toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await requestToken({ grant_type: "client_credentials" })).toMatchObject({ status: 400, body: { error: "invalid_request", rule: "request-parameter" } });
    const asJson = await fetch(tokenUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials" }) });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: "invalid_request", rule: "request-content-type" });

    const refusals = await auditRows(`SELECT rule FROM consent.audit_events WHERE event_type = 'token-refused' AND actor_sub = $1`, [clientId]);
    expect(refusals.map((x) => x.rule)).toEqual(expect.arrayContaining(["assertion-expired", "assertion-replayed", "assertion-signature", "scope-not-granted"]));
  });

  it("a token holds only the scopes asked for: without documents.write registerDocument is FORBIDDEN (client-scope)", async () => {
    const key = await newKeyPair();
    const clientId = await registerClient(HOSPITAL_B, ["documents.write", "documents.read"], key);
    const readOnly = await systemToken(clientId, key, "documents.read");
    const r = await gql<any>(REGISTER, { token: readOnly, variables: { i: { bundle: dischargeSummary(HOSPITAL_B) } } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "client-scope" });
  });

  it("rotation: two active keys both work, a third is refused; revoking the old key stops its assertions and tokens; revoking the client stops all", async () => {
    const admin = await as.admin();
    const oldKey = await newKeyPair("ES256", "2026-01");
    const newKey = await newKeyPair("RS256", "2026-07");
    const clientId = await registerClient(HOSPITAL_B, ["documents.read"], oldKey);
    const add = (k: typeof oldKey) => gql<any>(`mutation($c: ID!, $j: JSON!) { addSystemClientKey(clientId: $c, jwk: $j) { keys { kid status } } }`, { token: admin, variables: { c: clientId, j: k.publicJwk } });
    expect((await add(newKey)).data.addSystemClientKey.keys).toHaveLength(2);
    expect(codes(await add(await newKeyPair()))).toEqual(["CONFLICT"]);

    const oldToken = await systemToken(clientId, oldKey);
    await systemToken(clientId, newKey);
    expect((await clientCredentials(await assertion(clientId, newKey, { kid: null }))).status).toBe(200); // no kid: any active key

    const revokeKey = await gql<any>(`mutation($c: ID!) { revokeSystemClientKey(clientId: $c, kid: "2026-01") { keys { kid status } } }`, { token: admin, variables: { c: clientId } });
    expect(revokeKey.data.revokeSystemClientKey.keys).toEqual(expect.arrayContaining([{ kid: "2026-01", status: "REVOKED" }, { kid: "2026-07", status: "ACTIVE" }]));
    expect((await clientCredentials(await assertion(clientId, oldKey))).body).toMatchObject({ error: "invalid_client", rule: "client-key-revoked" });
    const stale = await gql(`{ me { sub } }`, { token: oldToken });
    expect(stale.status).toBe(401);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", rule: "client-key-revoked" });
    const current = await systemToken(clientId, newKey);
    expect((await gql<any>(`{ me { sub } }`, { token: current })).data.me.sub).toBe(clientId);

    expect(codes(await gql(`mutation($c: ID!) { revokeSystemClient(clientId: $c) { status } }`, { token: admin, variables: { c: clientId } }))).toEqual([]);
    const revoked = await gql(`{ me { sub } }`, { token: current });
    expect(revoked.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", rule: "client-revoked" });
    expect((await clientCredentials(await assertion(clientId, newKey))).body).toMatchObject({ error: "invalid_client", rule: "client-revoked" });
  });

  it("a suspended institution's client gets no token and its issued token is refused on the next request; reinstated, it works again", async () => {
    const admin = await as.admin();
    const org = `134${String(Date.now()).slice(-7)}`;
    const reg = await gql(`mutation { registerInstitution(input: { id: "${org}", name: "みどり薬局", kind: PHARMACY, prefecture: "13" }) { id } }`, { token: admin });
    expect(reg.errors).toBeUndefined();
    const key = await newKeyPair();
    const clientId = await registerClient(org, ["documents.read"], key, "PHARMACY");
    const token = await systemToken(clientId, key);
    expect(codes(await gql(`mutation { suspendInstitution(id: "${org}", reason: "監査で不適合") { status } }`, { token: admin }))).toEqual([]);

    const next = await gql(`{ me { sub } }`, { token });
    expect(next.status).toBe(403);
    expect(next.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "institution-suspended" });
    expect(await clientCredentials(await assertion(clientId, key))).toMatchObject({ status: 400, body: { error: "unauthorized_client", rule: "institution-suspended" } });

    expect(codes(await gql(`mutation { reinstateInstitution(id: "${org}", reason: "是正を確認") { status } }`, { token: admin }))).toEqual([]);
    expect((await gql<any>(`{ me { org } }`, { token })).data.me.org).toBe(org);
    expect((await clientCredentials(await assertion(clientId, key))).status).toBe(200);
  });

  it("registration checks: policy admins only, a public key only, known scopes", async () => {
    const key = await newKeyPair();
    const doctor = await as.doctorB();
    const input = { organizationId: HOSPITAL_B, name: "x", kind: "EHR", scopes: ["documents.write"], jwk: key.publicJwk };
    const q = `mutation($i: RegisterSystemClientInput!) { registerSystemClient(input: $i) { id } }`;
    expect((await gql(q, { token: doctor, variables: { i: input } })).errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "role-policy-no-match" });
    const admin = await as.admin();
    const { generateKeyPair, exportJWK } = await import("jose");
    const priv = await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey);
    expect(codes(await gql(q, { token: admin, variables: { i: { ...input, jwk: priv } } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(q, { token: admin, variables: { i: { ...input, scopes: ["everything"] } } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(q, { token: admin, variables: { i: { ...input, jwk: { kty: "oct", k: "c2VjcmV0" } } } }))).toEqual(["BAD_USER_INPUT"]);
  });
});
