import { describe, expect, it } from "vitest";
import { as, codes, db, gql, token } from "./support/client.js";

const ORG_FIELDS = `id name kind prefecture status contact statusReason statusChangedAt`;
const freshCode = (prefix: string) => `${prefix}${String(Date.now()).slice(-(10 - prefix.length))}`;

describe("institution registry (policy_admin)", () => {
  it("demo data registers the SPEC institutions", async () => {
    const r = await gql<any>(`{ organizations(first: 100) { nodes { id kind status } } }`, { token: await as.doctorB() });
    const ids = r.data.organizations.nodes.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining(["1310000001", "1310000002", "1310000003", "1310000005", "1310000009", "2710000009", "1319876543", "1311234567", "1318814790"]));
    expect(r.data.organizations.nodes.find((o: { id: string }) => o.id === "1310000003")).toMatchObject({ kind: "PHARMACY", status: "ACTIVE" });
  });

  it("registers, updates, refuses duplicates and bad input; contact is for admins and the institution itself", async () => {
    const admin = await as.admin();
    const id = freshCode("135");
    const reg = await gql<any>(`mutation($i: RegisterInstitutionInput!) { registerInstitution(input: $i) { ${ORG_FIELDS} } }`,
      { token: admin, variables: { i: { id, name: "ひだまり介護老人保健施設", kind: "CARE_FACILITY", prefecture: "13", contact: "事務長 03-0000-0000" } } });
    expect(reg.errors).toBeUndefined();
    expect(reg.data.registerInstitution).toMatchObject({ id, kind: "CARE_FACILITY", status: "ACTIVE", contact: "事務長 03-0000-0000" });

    const again = await gql(`mutation { registerInstitution(input: { id: "${id}", name: "x", kind: CLINIC, prefecture: "13" }) { id } }`, { token: admin });
    expect(codes(again)).toEqual(["CONFLICT"]);
    for (const bad of [`id: "12345", name: "x", kind: CLINIC, prefecture: "13"`, `id: "${freshCode("136")}", name: "x", kind: CLINIC, prefecture: "48"`, `id: "${freshCode("137")}", name: " ", kind: CLINIC, prefecture: "13"`]) {
      expect(codes(await gql(`mutation { registerInstitution(input: { ${bad} }) { id } }`, { token: admin }))).toEqual(["BAD_USER_INPUT"]);
    }
    const doctor = await as.doctorB();
    expect((await gql(`mutation { registerInstitution(input: { id: "${freshCode("138")}", name: "x", kind: CLINIC, prefecture: "13" }) { id } }`, { token: doctor })).errors?.[0].extensions)
      .toMatchObject({ code: "FORBIDDEN", rule: "role-policy-no-match" });

    const upd = await gql<any>(`mutation { updateInstitution(id: "${id}", input: { name: "ひだまり介護医療院", prefecture: "14" }) { name prefecture kind } }`, { token: admin });
    expect(upd.data.updateInstitution).toEqual({ name: "ひだまり介護医療院", prefecture: "14", kind: "CARE_FACILITY" });
    expect(codes(await gql(`mutation { updateInstitution(id: "0000000000", input: { name: "x" }) { id } }`, { token: admin }))).toEqual(["NOT_FOUND"]);

    const seenByOthers = await gql<any>(`{ organization(id: "${id}") { name contact } }`, { token: doctor });
    expect(seenByOthers.data.organization).toEqual({ name: "ひだまり介護医療院", contact: null });
    const seenByItself = await gql<any>(`{ organization(id: "${id}") { contact } }`, { token: await token({ role: "nurse", sub: "N-X", org: id }) });
    expect(seenByItself.data.organization.contact).toBe("事務長 03-0000-0000");
  });

  it("a suspended institution's doctor is refused on the very next request, and accepted again once reinstated; all audited", async () => {
    const admin = await as.admin();
    const id = freshCode("139");
    expect(codes(await gql(`mutation { registerInstitution(input: { id: "${id}", name: "さくら内科", kind: CLINIC, prefecture: "13" }) { id } }`, { token: admin }))).toEqual([]);
    const doctor = await token({ role: "doctor", sub: "D-SUS", org: id });
    expect((await gql<any>(`{ me { org } }`, { token: doctor })).data.me.org).toBe(id);

    const s = await gql<any>(`mutation { suspendInstitution(id: "${id}", reason: "接続要件の監査で不適合") { status statusReason statusChangedAt } }`, { token: admin });
    expect(s.data.suspendInstitution).toMatchObject({ status: "SUSPENDED", statusReason: "接続要件の監査で不適合" });
    const refused = await gql(`{ me { org } }`, { token: doctor });
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "institution-suspended" });
    expect(codes(await gql(`mutation { suspendInstitution(id: "${id}", reason: "again") { status } }`, { token: admin }))).toEqual(["CONFLICT"]);
    // Everyone else is unaffected, and the directory shows the status.
    expect((await gql<any>(`{ organization(id: "${id}") { status } }`, { token: await as.doctorB() })).data.organization.status).toBe("SUSPENDED");

    expect(codes(await gql(`mutation { reinstateInstitution(id: "${id}") { status } }`, { token: admin }))).toEqual([]);
    expect((await gql<any>(`{ me { org } }`, { token: doctor })).data.me.org).toBe(id);

    const c = await db();
    const rows = (await c.query(`SELECT detail->>'action' AS action FROM consent.audit_events WHERE event_type = 'institution-changed' AND detail->>'institution' = $1 ORDER BY seq`, [id])).rows;
    await c.end();
    expect(rows.map((r) => r.action)).toEqual(["registered", "suspended", "reinstated"]);
  });

  it("a token for an institution that is not in the registry is refused", async () => {
    const r = await gql(`{ me { sub } }`, { token: await token({ role: "doctor", sub: "D-NOWHERE", org: "1399999990" }) });
    expect(r.status).toBe(403);
    expect(r.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "institution-unknown" });
  });

  it("concurrent callers from different institutions each get their own institution's answer (lookups are batched)", async () => {
    const known = await token({ role: "doctor", sub: "D-001", org: "1310000002" });
    const unknown = await token({ role: "doctor", sub: "D-NOWHERE", org: "1399999991" });
    const callers = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? "unknown" : "known"));
    const results = await Promise.all(callers.map(async (who) => (await gql(`{ me { sub } }`, { token: who === "known" ? known : unknown })).status));
    expect(results).toEqual(callers.map((who) => (who === "known" ? 200 : 403)));
  });
});
