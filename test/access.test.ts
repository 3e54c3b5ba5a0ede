import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { DEV_HUB_CONTEXT_SECRET } from "../common/src/config.js";
import { as, codes, gql, hub } from "./support/client.js";

/** A hub context correctly signed with the right key, but expired a minute ago (a replayed old request). */
async function staleContext(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ctx: { requestId: "old", actor: { sub: "D-001", role: "doctor", org: "1310000002", amr: [] }, purpose: "TREAT" } })
    .setProtectedHeader({ alg: "HS256", typ: "hub-context+jwt" }).setIssuer("hub-gateway").setAudience("hub-subgraphs")
    .setIssuedAt(now - 120).setExpirationTime(now - 60).sign(new TextEncoder().encode(DEV_HUB_CONTEXT_SECRET));
}

describe("access control through the gateway", () => {
  it("a doctor at an institution without consent gets FORBIDDEN with category and rule, and the rest still resolves", async () => {
    const r = await gql<any>(`{ me { sub } patient(id: "P-0001") { name conditions { nodes { id } } } }`, { token: await as.doctorE() });
    expect(r.data.me.sub).toBe("D-005");
    expect(r.data.patient.name).toBeNull();
    expect(r.data.patient.conditions).toBeNull();
    const denied = r.errors!.filter((e) => e.extensions?.code === "FORBIDDEN");
    expect(denied.map((e) => e.extensions!.category).sort()).toEqual(["condition", "demographics"]);
    expect(denied.every((e) => e.extensions!.rule === "no-consent")).toBe(true);
  });

  it("the patient reads her own data but not records withheld from her (未告知), which her doctor sees", async () => {
    const q = `{ patient(id: "P-0001") { conditions { nodes { display } } } }`;
    const own = await gql<any>(q, { token: await as.patient("P-0001") });
    expect(own.errors).toBeUndefined();
    const mine = own.data.patient.conditions.nodes.map((n: any) => n.display);
    expect(mine).toContain("2型糖尿病");
    expect(mine).not.toContain("S状結腸癌");
    const doctor = await gql<any>(q, { token: await as.doctorB() });
    expect(doctor.data.patient.conditions.nodes.map((n: any) => n.display)).toContain("S状結腸癌");
  });

  it("a patient cannot read another patient", async () => {
    const r = await gql<any>(`{ patient(id: "P-0002") { name allergies { nodes { id } } } }`, { token: await as.patient("P-0001") });
    expect(r.data.patient.name).toBeNull();
    expect(codes(r)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    expect(r.errors!.every((e) => e.extensions!.rule === "patient-other")).toBe(true);
  });

  it("a pharmacy reads the six kinds of information under the patient's consent, and not her documents or PHR (policy.csv)", async () => {
    const q = `{ patient(id: "P-0001") { prescriptions { nodes { id } } allergies { nodes { id } } contraindications { nodes { id } } conditions { nodes { id } } labResults { nodes { id } } documents { nodes { id } } vitals { nodes { id } } } }`;
    const without = await gql<any>(q, { token: await as.pharmacistC() });
    expect(new Set(without.errors!.map((e) => e.extensions!.rule))).toEqual(new Set(["no-consent", "role-policy-no-match"]));
    // Consent to the pharmacy first, as the patient.
    const grant = await gql<any>(`mutation { grantConsent(input: { organizationId: "1310000003" }) { id status } }`, { token: await as.patient("P-0001") });
    expect(grant.data.grantConsent.status).toBe("ACTIVE");
    const r = await gql<any>(q, { token: await as.pharmacistC() });
    for (const list of ["prescriptions", "allergies", "contraindications", "conditions", "labResults"]) expect(r.data.patient[list].nodes.length, list).toBeGreaterThan(0);
    expect(r.data.patient.documents).toBeNull();
    expect(r.data.patient.vitals).toBeNull();
    expect(r.errors!.map((e) => e.extensions!.rule)).toEqual(["role-policy-no-match", "role-policy-no-match"]);
    await gql(`mutation { revokeConsent(id: "${grant.data.grantConsent.id}") { status } }`, { token: await as.patient("P-0001") });
  });

  it("a subgraph called directly, without or with a forged hub context, answers 401 for queries, _entities and _service", async () => {
    const url = hub().subgraphs.clinical;
    const ops = [
      `{ patient(id: "P-0001") { name } }`,
      `{ _entities(representations: [{ __typename: "Patient", id: "P-0001" }]) { ... on Patient { name } } }`,
      `{ _service { sdl } }`,
    ];
    for (const query of ops) {
      const plain = await gql(query, { url });
      expect(plain.status).toBe(401);
      expect(codes(plain)).toEqual(["UNAUTHENTICATED"]);
      const forged = await gql(query, { url, headers: { "x-hub-context": "eyJhbGciOiJIUzI1NiJ9.eyJjdHgiOnt9fQ.c2lnbmF0dXJl" } });
      expect(forged.status).toBe(401);
      const stale = await gql(query, { url, headers: { "x-hub-context": await staleContext() } });
      expect(stale.status).toBe(401);
      expect(codes(stale)).toEqual(["UNAUTHENTICATED"]);
    }
  });
});
