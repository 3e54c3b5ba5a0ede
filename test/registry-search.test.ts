import { describe, expect, it } from "vitest";
import { as, codes, gql } from "./support/client.js";

const SEARCH = `query($q: String, $k: InstitutionKind, $p: String, $n: Int, $a: String) {
  organizations(query: $q, kind: $k, prefecture: $p, first: $n, after: $a) { nodes { id name kind prefecture } pageInfo { hasNextPage endCursor } } }`;

describe("the institution registry is a connection with search (national scale)", () => {
  it("searches by part of the name, by code prefix, kind and prefecture, and pages by code with cursors", async () => {
    const admin = await as.admin();
    const stamp = String(Date.now()).slice(-5);
    const made = [
      { id: `14${stamp}001`, name: `かもめ第${stamp}総合病院`, kind: "HOSPITAL", prefecture: "14" },
      { id: `14${stamp}002`, name: `かもめ第${stamp}クリニック`, kind: "CLINIC", prefecture: "14" },
      { id: `14${stamp}003`, name: `かもめ第${stamp}薬局`, kind: "PHARMACY", prefecture: "14" },
      { id: `27${stamp}004`, name: `かもめ第${stamp}大阪病院`, kind: "HOSPITAL", prefecture: "27" },
    ];
    for (const i of made) {
      const r = await gql(`mutation($i: RegisterInstitutionInput!) { registerInstitution(input: $i) { id } }`, { token: admin, variables: { i } });
      expect(r.errors).toBeUndefined();
    }
    const doctor = await as.doctorB();
    const search = async (variables: Record<string, unknown>) => {
      const r = await gql<any>(SEARCH, { token: doctor, variables });
      expect(r.errors).toBeUndefined();
      return r.data.organizations as { nodes: { id: string; name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
    const ids = (c: { nodes: { id: string }[] }) => c.nodes.map((n) => n.id);

    expect(ids(await search({ q: `かもめ第${stamp}` }))).toEqual(made.map((m) => m.id).sort());
    expect(ids(await search({ q: `第${stamp}総合` }))).toEqual([made[0].id]); // a substring in the middle of the name
    expect(ids(await search({ q: `かもめ第${stamp}`, k: "HOSPITAL" }))).toEqual([made[0].id, made[3].id].sort());
    expect(ids(await search({ q: `かもめ第${stamp}`, k: "HOSPITAL", p: "27" }))).toEqual([made[3].id]);
    expect(ids(await search({ q: `14${stamp}` }))).toEqual(made.slice(0, 3).map((m) => m.id)); // code prefix
    expect((await search({ q: "みなと総合" })).nodes.map((n) => n.name)).toEqual(["みなと総合病院"]);
    expect(ids(await search({ q: `存在しない名前${stamp}` }))).toEqual([]);

    // Pages of 2 by code, no overlap, nothing missing.
    const page1 = await search({ q: `かもめ第${stamp}`, n: 2 });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await search({ q: `かもめ第${stamp}`, n: 2, a: page1.pageInfo.endCursor });
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...ids(page1), ...ids(page2)]).toEqual(made.map((m) => m.id).sort());
  });

  it("refuses a bad prefecture, a bad cursor, an oversized page and an oversized query with BAD_USER_INPUT", async () => {
    const token = await as.doctorB();
    for (const variables of [{ p: "48" }, { a: "not-a-cursor" }, { n: 1000 }, { q: "x".repeat(101) }]) {
      expect(codes(await gql(SEARCH, { token, variables })), JSON.stringify(variables).slice(0, 40)).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it("organization(id) and federation references keep working", async () => {
    const token = await as.doctorB();
    const one = await gql<any>(`{ organization(id: "1310000002") { id name } }`, { token });
    expect(one.data.organization).toEqual({ id: "1310000002", name: "みなと総合病院" });
    const ref = await gql<any>(`{ patient(id: "P-0001") { conditions(first: 1) { nodes { sourceOrganization { id name prefecture } } } } }`, { token });
    expect(ref.data.patient.conditions.nodes[0].sourceOrganization.name).toMatch(/\S/);
  });
});
