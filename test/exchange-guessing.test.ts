import { describe, expect, it } from "vitest";
import { as, codes, db, gql, token } from "./support/client.js";
import { entryOf, example } from "../subgraphs/documents/src/fhir/examples.testkit.js";
import { newExchangeNumber } from "../subgraphs/documents/src/exchange/exchange-number.js";

/**
 * Guessing exchange numbers (SECURITY.md): one retrieval per request, failed retrievals audited and throttled per
 * institution with a lock-out policy admins see, and demo ids that reveal nothing. Each test that fails retrievals on
 * purpose does so from an institution it registers itself, so no other test's institution is locked out.
 */
const LIMIT = 20; // RETRIEVAL_FAILURE_LIMIT's default
const freshCode = (prefix: string) => `${prefix}${String(Date.now()).slice(-(10 - prefix.length))}`;

async function freshInstitution(prefix: string): Promise<string> {
  const id = freshCode(prefix);
  const r = await gql(`mutation { registerInstitution(input: { id: "${id}", name: "推測テスト診療所 ${id}", kind: CLINIC, prefecture: "13" }) { id } }`, { token: await as.admin() });
  expect(r.errors).toBeUndefined();
  return id;
}

describe("exchange numbers cannot be guessed in bulk", () => {
  it("a request may carry at most one retrieveDocument, aliases and fragments included; nothing runs", async () => {
    const doctor = await token({ role: "doctor", sub: "D-ALIAS", org: "1310000005" });
    const [a, b] = [newExchangeNumber(), newExchangeNumber()];
    const aliased = await gql(`mutation { a: retrieveDocument(exchangeNumber: "${a}") { id } b: retrieveDocument(exchangeNumber: "${b}") { id } }`, { token: doctor });
    expect(aliased.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "one-retrieval-per-request" });
    expect(aliased.data).toBeUndefined();
    const viaFragment = await gql(`mutation { ...R b: retrieveDocument(exchangeNumber: "${b}") { id } } fragment R on Mutation { a: retrieveDocument(exchangeNumber: "${a}") { id } }`, { token: doctor });
    expect(viaFragment.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "one-retrieval-per-request" });
    const c = await db();
    try {
      const refused = await c.query(`SELECT count(*) FROM consent.audit_events WHERE event_type = 'document-retrieval-refused' AND actor_sub = 'D-ALIAS'`);
      expect(Number(refused.rows[0].count)).toBe(0);
    } finally {
      await c.end();
    }
    expect(codes(await gql(`mutation { retrieveDocument(exchangeNumber: "${a}") { id } }`, { token: doctor }))).toEqual(["NOT_FOUND"]);
  });

  it("a typo (wrong check digit) is BAD_USER_INPUT and does not count; failed retrievals are audited and lock the institution out at the limit", async () => {
    const org = await freshInstitution("134");
    const doctor = await token({ role: "doctor", sub: "D-GUESS", org });
    const n = newExchangeNumber();
    const typo = n.slice(0, -1) + String((Number(n.at(-1)) + 1) % 10);
    expect(codes(await gql(`mutation { retrieveDocument(exchangeNumber: "${typo}") { id } }`, { token: doctor }))).toEqual(["BAD_USER_INPUT"]);
    for (let i = 0; i < LIMIT; i++) {
      expect(codes(await gql(`mutation { retrieveDocument(exchangeNumber: "${newExchangeNumber()}") { id } }`, { token: doctor })), `guess ${i + 1}`).toEqual(["NOT_FOUND"]);
    }
    // Locked: even a real, live number addressed to nobody in particular is refused now, before it is looked up.
    const b = example("discharge-summary-18842-5");
    entryOf(b, "Patient").resource.identifier.find((x: any) => x.system.endsWith("JP_Insurance_memberID")).value = `06139992:み-1:${Date.now() % 1000000}:04`;
    const author = (b.identifier.value as string).split("^")[0];
    const reg = await gql<any>(`mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { exchangeNumber } }`,
      { token: await token({ role: "doctor", sub: "D-AUTH", org: author }), variables: { i: { bundle: b, consentAtIssuance: true } } });
    expect(reg.errors).toBeUndefined();
    const locked = await gql(`mutation { retrieveDocument(exchangeNumber: "${reg.data.registerDocument.exchangeNumber}") { id } }`, { token: doctor });
    expect(locked.errors?.[0].extensions).toMatchObject({ code: "RATE_LIMITED" });

    const LOCKOUTS = `{ retrievalLockouts { organization { id } failures lockedUntil } }`;
    const seen = await gql<any>(LOCKOUTS, { token: await as.admin() });
    expect(seen.data.retrievalLockouts).toEqual(expect.arrayContaining([{ organization: { id: org }, failures: LIMIT, lockedUntil: expect.any(String) }]));
    expect(codes(await gql(LOCKOUTS, { token: doctor }))).toEqual(["FORBIDDEN"]);
    const c = await db();
    try {
      const events = (await c.query(`SELECT event_type, rule FROM consent.audit_events WHERE detail->>'organizationId' = $1 ORDER BY seq`, [org])).rows;
      expect(events.filter((e) => e.event_type === "document-retrieval-refused" && e.rule === "unknown-exchange-number")).toHaveLength(LIMIT);
      expect(events.filter((e) => e.event_type === "document-retrieval-locked")).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ event_type: "document-retrieval-refused", rule: "retrieval-lockout" });
    } finally {
      await c.end();
    }
  });

  it("demo record ids are random, like ingested ones: nothing in an id tells where a withheld record sits", async () => {
    const me = await as.patient();
    const r = await gql<any>(`{ patient(id: "P-0001") { conditions { nodes { id } } labResults { nodes { id } } documents { nodes { id } } } }`, { token: me });
    const ids = [...r.data.patient.conditions.nodes, ...r.data.patient.labResults.nodes, ...r.data.patient.documents.nodes].map((n: any) => n.id);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
