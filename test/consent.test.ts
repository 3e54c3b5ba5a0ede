import { describe, expect, it } from "vitest";
import { as, codes, gql } from "./support/client.js";

const CONDITIONS = `{ patient(id: "P-0001") { conditions { nodes { id } } } }`;

describe("consent", () => {
  it("a grant opens access for that institution and a revoke closes it on the very next request", async () => {
    expect(codes(await gql(CONDITIONS, { token: await as.doctorE() }))).toEqual(["FORBIDDEN"]);
    const grant = await gql<any>(`mutation { grantConsent(input: { organizationId: "1310000005", categories: [CONDITION] }) { id status purpose categories organization { name } } }`, { token: await as.patient() });
    expect(grant.data.grantConsent).toMatchObject({ status: "ACTIVE", purpose: "TREAT", categories: ["CONDITION"], organization: { name: "E医療センター" } });
    const allowed = await gql<any>(CONDITIONS, { token: await as.doctorE() });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.patient.conditions.nodes.length).toBeGreaterThan(0);
    // Only the consented category opens.
    const other = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: await as.doctorE() });
    expect(codes(other)).toEqual(["FORBIDDEN"]);
    const revoke = await gql<any>(`mutation { revokeConsent(id: "${grant.data.grantConsent.id}") { status } }`, { token: await as.patient() });
    expect(revoke.data.revokeConsent.status).toBe("REVOKED");
    const denied = await gql<any>(CONDITIONS, { token: await as.doctorE() });
    expect(denied.data.patient.conditions).toBeNull();
    expect(denied.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", category: "condition", rule: "no-consent" });
  });

  it("the patient lists her consents; staff cannot read them; unknown institutions and past expiries are refused", async () => {
    const mine = await gql<any>(`{ patient(id: "P-0001") { consents { nodes { id status organization { id } } } } }`, { token: await as.patient() });
    expect(mine.data.patient.consents.nodes.some((c: any) => c.id === "C-0001" && c.organization.id === "1310000002")).toBe(true);
    const doctor = await gql<any>(`{ patient(id: "P-0001") { consents { nodes { id } } } }`, { token: await as.doctorB() });
    expect(doctor.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "consent-records-patient-only" });
    const unknown = await gql(`mutation { grantConsent(input: { organizationId: "9999999999" }) { id } }`, { token: await as.patient() });
    expect(codes(unknown)).toEqual(["BAD_USER_INPUT"]);
    const past = await gql(`mutation { grantConsent(input: { organizationId: "1310000005", expiresAt: "2020-01-01T00:00:00Z" }) { id } }`, { token: await as.patient() });
    expect(codes(past)).toEqual(["BAD_USER_INPUT"]);
    const other = await gql(`mutation { revokeConsent(id: "C-0001") { id } }`, { token: await as.patient("P-0002") });
    expect(codes(other)).toEqual(["NOT_FOUND"]);
  });
});
