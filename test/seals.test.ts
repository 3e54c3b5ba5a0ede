import { afterAll, describe, expect, it } from "vitest";
import { DEV_HUB_CONTEXT_SECRET } from "../common/src/config.js";
import { graphqlOperationHash, signHubContext } from "../common/src/hub-context.js";
import { as, gql, hub } from "./support/client.js";

const CLINIC_A = "1310000001";
const SUMMARY = `{ patient(id: "P-0001") {
  conditions { nodes { id sourceOrganization { id } } }
  allergies { nodes { id sourceOrganization { id } } }
  labResults { nodes { id sourceOrganization { id } } }
  prescriptions { nodes { id sourceOrganization { id } } }
  documents { nodes { id sourceOrganization { id } } }
  questionnaires { nodes { id organization { id } } }
  reservations { nodes { id organization { id } } }
} }`;

type Summary = Record<string, { nodes: { id: string; sourceOrganization?: { id: string }; organization?: { id: string } }[] }>;
const orgsIn = (p: Summary) => new Set(Object.values(p).flatMap((c) => c.nodes.map((n) => (n.sourceOrganization ?? n.organization)!.id)));
const idsIn = (p: Summary) => Object.values(p).flatMap((c) => c.nodes.map((n) => n.id));

async function seal(input: string): Promise<string> {
  const r = await gql<any>(`mutation { sealRecords(input: ${input}) { id level active } }`, { token: await as.patient() });
  expect(r.errors).toBeUndefined();
  return r.data.sealRecords.id;
}
const unseal = async (id: string) => gql(`mutation { unseal(id: "${id}") { active } }`, { token: await as.patient() });

/** `_entities` straight at the clinical subgraph, with a correctly signed hub context for doctor D-001. */
async function entities(typename: string, id: string) {
  const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id display } } }`;
  const variables = { r: [{ __typename: typename, id }] };
  const ctx = await signHubContext({ requestId: "t-entities", actor: { sub: "D-001", role: "doctor", org: "1310000002", amr: [] }, purpose: "TREAT" },
    DEV_HUB_CONTEXT_SECRET, 30, graphqlOperationHash(query, variables));
  const r = await gql<any>(query, { url: hub().subgraphs.clinical, headers: { "x-hub-context": ctx }, variables });
  return r;
}

describe("patient 北条 seals all records from clinic A", () => {
  const seals: string[] = [];
  afterAll(async () => { for (const id of seals) await unseal(id); });

  it("her hospital doctor sees everything except clinic A, with no trace that clinic A's records exist", async () => {
    const before = await gql<{ patient: Summary }>(SUMMARY, { token: await as.doctorB() });
    expect(before.errors).toBeUndefined();
    expect(orgsIn(before.data!.patient).has(CLINIC_A)).toBe(true);
    const fromA = Object.values(before.data!.patient).flatMap((c) => c.nodes).filter((n) => (n.sourceOrganization ?? n.organization)!.id === CLINIC_A).map((n) => n.id);
    const condFromA = before.data!.patient.conditions.nodes.find((n) => n.sourceOrganization!.id === CLINIC_A)!.id;

    seals.push(await seal(`{ level: SEALED, sourceOrganizationId: "${CLINIC_A}" }`));
    const after = await gql<{ patient: Summary }>(SUMMARY, { token: await as.doctorB() });
    expect(after.errors).toBeUndefined();
    expect(orgsIn(after.data!.patient).has(CLINIC_A)).toBe(false);
    expect(idsIn(after.data!.patient).sort()).toEqual(idsIn(before.data!.patient).filter((id) => !fromA.includes(id)).sort());

    // By id: the same null as for an id that never existed, and no error either way.
    const byId = await gql<any>(`{ a: clinicalRecord(id: "${condFromA}") { __typename } b: clinicalRecord(id: "NO-SUCH-RECORD") { __typename } }`, { token: await as.doctorB() });
    expect(byId).toMatchObject({ data: { a: null, b: null } });
    expect(byId.errors).toBeUndefined();

    // Through _entities at the subgraph: null, exactly like an unknown id.
    const sealedEntity = await entities("Condition", condFromA);
    const unknownEntity = await entities("Condition", "NO-SUCH-RECORD");
    expect(sealedEntity.data).toEqual(unknownEntity.data);
    expect(sealedEntity.errors).toEqual(unknownEntity.errors);
  });

  it("pages walk to the end without gaps or hints: hasNextPage turns false exactly at the last visible record", async () => {
    const token = await as.doctorB();
    const ids: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: any = await gql(`query($after: String) { patient(id: "P-0001") { conditions(first: 1, after: $after) { nodes { id sourceOrganization { id } } pageInfo { hasNextPage endCursor } } } }`, { token, variables: { after } });
      const c = r.data.patient.conditions;
      expect(c.nodes.every((n: any) => n.sourceOrganization.id !== CLINIC_A)).toBe(true);
      ids.push(...c.nodes.map((n: any) => n.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const all: any = await gql(`{ patient(id: "P-0001") { conditions { nodes { id } } } }`, { token });
    expect(ids).toEqual(all.data.patient.conditions.nodes.map((n: any) => n.id));
  });

  it("the patient herself still sees clinic A's records", async () => {
    const own = await gql<{ patient: Summary }>(SUMMARY, { token: await as.patient() });
    expect(own.errors).toBeUndefined();
    expect(orgsIn(own.data!.patient).has(CLINIC_A)).toBe(true);
  });

  it("RESTRICTED hides from treating staff too, and unsealing brings the records back on the next request", async () => {
    await unseal(seals.pop()!);
    const restricted = await seal(`{ level: RESTRICTED, category: ALLERGY }`);
    seals.push(restricted);
    const r = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } conditions { nodes { id } } } }`, { token: await as.doctorB() });
    expect(r.errors).toBeUndefined();
    expect(r.data.patient.allergies.nodes).toEqual([]);
    expect(r.data.patient.conditions.nodes.length).toBeGreaterThan(0);
    await unseal(seals.pop()!);
    const back = await gql<any>(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: await as.doctorB() });
    expect(back.data.patient.allergies.nodes.length).toBeGreaterThan(0);
  });

  it("a seal needs a scope and only the patient may place one", async () => {
    const noScope = await gql(`mutation { sealRecords(input: { level: SEALED }) { id } }`, { token: await as.patient() });
    expect(noScope.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const doctor = await gql(`mutation { sealRecords(input: { level: SEALED, category: CONDITION }) { id } }`, { token: await as.doctorB() });
    expect(doctor.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});
