import { describe, expect, it } from "vitest";
import { as, codes, gql } from "./support/client.js";

const PAGE = `query Page($first: Int, $after: String) {
  patient(id: "P-0001") { prescriptions(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
}`;

describe("connection pagination", () => {
  it("walking pages of 1 yields every record once, in the same order as one big page", async () => {
    const token = await as.doctorB();
    const all = await gql<any>(PAGE, { token, variables: { first: 100 } });
    expect(all.errors, JSON.stringify(all.errors)).toBeUndefined();
    const expected = all.data.patient.prescriptions.nodes.map((n: any) => n.id);
    expect(expected.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: any = await gql<any>(PAGE, { token, variables: { first: 1, after } });
      const c = r.data.patient.prescriptions;
      seen.push(...c.nodes.map((n: any) => n.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it("a page size over the limit and a malformed cursor are BAD_USER_INPUT", async () => {
    const token = await as.doctorB();
    const big = await gql(PAGE, { token, variables: { first: 5000 } });
    expect(codes(big)).toContain("BAD_USER_INPUT");
    const cursor = await gql(PAGE, { token, variables: { first: 1, after: "not-a-cursor" } });
    expect(codes(cursor)).toContain("BAD_USER_INPUT");
  });
});
