import { describe, expect, it } from "vitest";
import { as, codes, gql, hub } from "./support/client.js";

const SUMMARY = `query Summary($id: ID!) {
  patient(id: $id) {
    name kana birthDate gender
    conditions { nodes { id display sourceOrganization { id name } } }
    allergies { nodes { display criticality } }
    labResults(set: EMERGENCY) { nodes { display value unit set } }
    prescriptions { nodes { display dosage days } }
    documents { nodes { id type status } }
    eligibility { insurerNumber copayRatio }
    vitals(first: 3) { nodes { kind value unit } }
  }
}`;

describe("one query across subgraphs through the gateway", () => {
  it("a consented hospital doctor gets demographics, six-information lists, documents, eligibility and PHR in one request", async () => {
    const r = await gql<{ patient: Record<string, any> }>(SUMMARY, { token: await as.doctorB(), variables: { id: "P-0001" } });
    expect(r.errors).toBeUndefined();
    const p = r.data!.patient;
    expect(p.name).toBe("北条 花子");
    expect(p.gender).toBe("FEMALE"); // closed value sets are enums (FHIR administrative-gender, allergy criticality)
    expect(p.allergies.nodes.find((a: any) => a.display === "ペニシリン系抗生物質").criticality).toBe("HIGH");
    expect(p.conditions.nodes.map((c: any) => c.display)).toContain("2型糖尿病");
    expect(p.conditions.nodes.find((c: any) => c.display === "2型糖尿病").sourceOrganization.name).toBe("あおばクリニック");
    expect(p.allergies.nodes.map((a: any) => a.display)).toContain("ペニシリン系抗生物質");
    expect(p.labResults.nodes.every((l: any) => l.set === "EMERGENCY")).toBe(true);
    expect(p.labResults.nodes.length).toBeGreaterThan(0);
    expect(p.prescriptions.nodes.length).toBeGreaterThan(0);
    expect(p.documents.nodes.map((d: any) => d.type).sort()).toEqual(["DISCHARGE_SUMMARY", "REFERRAL"]);
    expect(p.eligibility.insurerNumber).toBe("06139992");
    expect(p.vitals.nodes).toHaveLength(3);
  });

  it("resolves institution names across subgraphs (entity references to the registry)", async () => {
    const r = await gql<{ patient: any }>(`{ patient(id: "P-0001") { prescriptions { nodes { sourceOrganization { id name kind } } } } }`, { token: await as.doctorB() });
    expect(r.errors).toBeUndefined();
    const orgs = new Set(r.data!.patient.prescriptions.nodes.map((n: any) => n.sourceOrganization.name));
    expect(orgs).toEqual(new Set(["さくら薬局", "みなと総合病院"]));
  });

  it("me returns the caller as the hub sees it", async () => {
    const r = await gql<{ me: any }>(`{ me { sub role org patientId mfa purpose } }`, { token: await as.doctorB() });
    expect(r.data!.me).toEqual({ sub: "D-001", role: "DOCTOR", org: "1310000002", patientId: null, mfa: false, purpose: "TREAT" });
  });

  it("healthz answers and readyz reports every subgraph ready", async () => {
    const base = hub().gateway.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { subgraphs: Record<string, boolean> };
    expect(Object.keys(body.subgraphs).sort()).toEqual(["clinical", "consent", "documents", "eligibility", "phr", "research"]);
    expect(Object.values(body.subgraphs).every(Boolean)).toBe(true);
  });

  it("patient data needs a token: no token and a forged token are UNAUTHENTICATED with 401", async () => {
    const none = await gql(`{ patient(id: "P-0001") { name } }`);
    expect(none.status).toBe(401);
    expect(codes(none)).toEqual(["UNAUTHENTICATED"]);
    const forged = (await as.doctorB()).replace(/\.[^.]+$/, ".AAAA");
    const bad = await gql(`{ patient(id: "P-0001") { name } }`, { token: forged });
    expect(bad.status).toBe(401);
    expect(codes(bad)).toEqual(["UNAUTHENTICATED"]);
  });
});
