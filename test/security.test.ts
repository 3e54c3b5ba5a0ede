import { afterAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import fc from "fast-check";
import { DEV_JWT_SECRET } from "../common/src/config.js";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, codes, db, gql, hub, token } from "./support/client.js";

const KNOWN = new Set(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "FHIR_VALIDATION_FAILED", "EMERGENCY_ACCESS_REQUIRED", "CONFLICT", "RATE_LIMITED", "INTERNAL"]);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("gateway tokens", () => {
  it("refuses alg:none, wrong-key, expired and role-less tokens with UNAUTHENTICATED", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "D-001", role: "doctor", org: "1310000002", exp: now + 3600 };
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    const wrongKey = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("x".repeat(40)));
    const expired = await new SignJWT({ ...claims, exp: now - 60 }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(DEV_JWT_SECRET));
    const noRole = await new SignJWT({ sub: "X", exp: now + 60 }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(DEV_JWT_SECRET));
    for (const t of [none, wrongKey, expired, noRole]) {
      const r = await gql(`{ me { sub } }`, { token: t });
      expect(r.status).toBe(401);
      expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
    }
  });
});

describe("query limits", () => {
  it("refuses batched operations, too many aliases and too costly queries before running them", async () => {
    const res = await fetch(hub().gateway, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await as.doctorB()}` },
      body: JSON.stringify([{ query: "{ me { sub } }" }, { query: "{ me { sub } }" }]) });
    expect(res.status).toBe(400);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { sub }`).join(" ")} }`;
    expect(codes(await gql(aliases, { token: await as.doctorB() }))).toEqual(["BAD_USER_INPUT"]);
    const lists = "conditions(first: 100) { nodes { id sourceOrganization { id name } } } allergies(first: 100) { nodes { id } } prescriptions(first: 100) { nodes { id } }";
    const costly = `{ ${Array.from({ length: 25 }, (_, i) => `p${i}: patient(id: "P-0001") { ${lists} }`).join(" ")} }`;
    const r = await gql(costly, { token: await as.doctorB() });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.errors![0].message).toMatch(/query cost \d+ exceeds the limit/);
  });

  it("rate-limits each caller separately with RATE_LIMITED (429)", async () => {
    // A gateway of its own with a small bucket (1/s, burst 5), in front of the same subgraphs.
    const urls = Object.fromEntries(Object.entries(hub().subgraphs).map(([k, v]) => [`${k.toUpperCase()}_URL`, v]));
    const gw = await startHubProcess(hub().databaseUrl, { HUB_PARTS: "gateway", RATE_PER_SECOND: "1", RATE_BURST: "5", TRUST_PROXY: "true", ...urls });
    try {
      const noisy = await token({ role: "doctor", sub: "RATE-TEST", org: "1310000002" });
      const results = [];
      for (let i = 0; i < 8; i++) results.push(await gql(`{ me { sub } }`, { token: noisy, url: gw.urls.gateway }));
      expect(results.slice(0, 5).every((r) => r.status === 200)).toBe(true);
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(2);
      expect(codes(limited[0])).toEqual(["RATE_LIMITED"]);
      expect((await gql<any>(`{ me { sub } }`, { token: await as.doctorB(), url: gw.urls.gateway })).data.me.sub).toBe("D-001");

      // Failed authentications are limited per client address; with TRUST_PROXY the address is the proxy's X-Forwarded-For entry.
      const guess = (address: string) => gql(`{ me { sub } }`, { token: "not.a.token", url: gw.urls.gateway, headers: { "x-forwarded-for": address } });
      const fromA: number[] = [];
      while (fromA.length < 40 && !fromA.includes(429)) fromA.push((await guess("203.0.113.50")).status);
      expect(fromA.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(fromA).toContain(429);
      expect((await guess("203.0.113.51")).status).toBe(401); // another client is not punished for A's guesses
    } finally {
      await gw.stop();
    }
  });

  it("without TRUST_PROXY a client cannot pick its address: X-Forwarded-For is ignored (token endpoint audit)", async () => {
    const res = await fetch(hub().gateway.replace(/\/graphql$/, "/oauth/token"), {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "192.0.2.77" }, body: "grant_type=password",
    });
    const body = (await res.json()) as { error: string; requestId: string };
    expect(body.error).toBe("unsupported_grant_type");
    const c = await db();
    try {
      const { rows } = await c.query(`SELECT detail FROM consent.audit_events WHERE request_id = $1`, [body.requestId]);
      expect(rows).toHaveLength(1);
      expect(rows[0].detail.clientAddress).toBe("127.0.0.1");
    } finally {
      await c.end();
    }
  });
});

describe("bad input", () => {
  it("random and hostile input gets coded errors, writes nothing, and the hub keeps serving", async () => {
    const c = await db();
    const counts = async () => (await c.query(`SELECT (SELECT count(*) FROM consent.consents) AS c, (SELECT count(*) FROM consent.seals) AS s, (SELECT count(*) FROM consent.emergency_accesses) AS e`)).rows[0];
    const before = await counts();
    const hostile = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 50 }), fc.constantFrom("", "\u0000", "'; DROP TABLE consent.consents; --", "𠮷野家", "\uFEFF", "x".repeat(100_000), "../../etc/passwd", "1310000002 "));
    const patient = await as.patient();
    const responder = await as.responderTokyo();
    await fc.assert(fc.asyncProperty(hostile, fc.nat(4), async (s, which) => {
      const ops: [string, Record<string, unknown>, string][] = [
        [`mutation($o: ID!) { grantConsent(input: { organizationId: $o }) { id } }`, { o: s }, patient],
        [`mutation($o: ID) { sealRecords(input: { level: SEALED, sourceOrganizationId: $o }) { id } }`, { o: s || "x" }, patient],
        [`query($id: ID!) { patient(id: $id) { name } }`, { id: s }, patient],
        [`query($id: ID!) { clinicalRecord(id: $id) { __typename } }`, { id: s }, patient],
        [`mutation($j: String!) { startEmergencyAccess(input: { patientId: "P-0001", reason: EMERGENCY, justification: $j }) { id } }`, { j: s.slice(0, 9) }, responder],
      ];
      const [query, variables, tok] = ops[which];
      const r = await gql(query, { token: tok, variables });
      expect(r.status).toBeLessThan(500);
      for (const e of r.errors ?? []) {
        expect(KNOWN.has(String(e.extensions?.code))).toBe(true);
        expect(JSON.stringify(e)).not.toMatch(/stacktrace|SELECT |INSERT |at .*\.js:\d+/);
      }
    }), { numRuns: 150, seed: 7 });
    expect(await counts()).toEqual(before);
    expect((await gql<any>(`{ me { sub } }`, { token: await as.doctorB() })).data.me.sub).toBe("D-001");
    await c.end();
  });
});

describe("faults", () => {
  it("fails closed when the audit trail cannot be written, and recovers when it can", async () => {
    const c = await db();
    try {
      await c.query(`ALTER TABLE consent.audit_events ADD CONSTRAINT audit_unwritable CHECK (false) NOT VALID`);
      const r = await gql<any>(`{ patient(id: "P-0001") { conditions { nodes { id display } } } }`, { token: await as.doctorB() });
      expect(JSON.stringify(r.data ?? null)).not.toContain("2型糖尿病");
      expect(codes(r)).toContain("INTERNAL");
    } finally {
      await c.query(`ALTER TABLE consent.audit_events DROP CONSTRAINT IF EXISTS audit_unwritable`);
      await c.end();
    }
    const ok = await gql<any>(`{ patient(id: "P-0001") { conditions { nodes { display } } } }`, { token: await as.doctorB() });
    expect(ok.data.patient.conditions.nodes.map((n: any) => n.display)).toContain("2型糖尿病");
  });
});

describe("production mode", () => {
  let prod: StartedHub | undefined;
  afterAll(async () => { await prod?.stop(); });
  it("disables introspection, the IDE and suggestions, refuses development tokens, and never seeds demo data", async () => {
    prod = await startHubProcess("pglite", { NODE_ENV: "production", HUB_RESET_DB: "0", JWT_SECRET: "p".repeat(48), HUB_CONTEXT_SECRET: "q".repeat(48), TRUST_PROXY: "true" });
    const url = prod.urls.gateway;
    const devToken = await as.doctorB();
    expect((await gql(`{ me { sub } }`, { token: devToken, url })).status).toBe(401);
    const sign = (claims: Record<string, unknown>, sub: string) => new SignJWT(claims).setSubject(sub).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h").sign(new TextEncoder().encode("p".repeat(48)));
    const admin = await sign({ role: "policy_admin" }, "ADM-001");
    const intro = await gql(`{ __schema { types { name } } }`, { token: admin, url });
    expect(codes(intro)).toEqual(["BAD_USER_INPUT"]);
    expect(JSON.stringify(intro.errors)).not.toContain("stacktrace");
    expect((await gql<any>(`{ me { sub } }`, { token: admin, url })).data.me.sub).toBe("ADM-001");
    // No demo data: the empty registry stays empty (a doctor of the demo hospital B is an unknown institution).
    expect((await gql<any>(`{ organizations(first: 10) { nodes { id } } }`, { token: admin, url })).data.organizations.nodes).toEqual([]);
    const doctor = await gql(`{ me { sub } }`, { token: await sign({ role: "doctor", org: "1310000002" }, "D-001"), url });
    expect(doctor.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "institution-unknown" });
    // No "Did you mean …": suggestions would disclose the schema that introspection hides.
    for (const q of [`{ me { sbu } }`, `{ patient(id: "P-0001") { labResults(set: EMERGENC) { nodes { id } } } }`]) {
      const r = await gql(q, { token: admin, url });
      expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
      expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|EMERGENCY|"sub"/);
    }
    // No IDE: a browser opening /graphql gets the API's 401, not a page.
    const page = await fetch(url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toContain("application/json");
    expect((await fetch(url.replace(/\/graphql$/, "/graphiql/graphiql.min.js"))).status).toBe(404);
  });
});
