import { describe, expect, it } from "vitest";
import { DEV_HUB_CONTEXT_SECRET } from "../common/src/config.js";
import { graphqlOperationHash, routeOperationHash, signHubContext } from "../common/src/hub-context.js";
import { as, codes, gql, hub } from "./support/client.js";

/**
 * A captured hub context is good for the one subgraph request it was signed for (issue #26): the gateway signs it
 * per subgraph call over the call's query and variables, and the subgraph recomputes that hash.
 */
const DOCTOR_B = { requestId: "t-replay", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const };
const Q = `query($id: ID!) { patient(id: $id) { name } }`;
const captured = (query: string, variables: Record<string, unknown>) => signHubContext(DOCTOR_B, DEV_HUB_CONTEXT_SECRET, 10, graphqlOperationHash(query, variables));

describe("the signed hub context is bound to the operation", () => {
  it("answers the query it was signed for, and is 401 with another query or other variables", async () => {
    const url = hub().subgraphs.clinical;
    const ctx = await captured(Q, { id: "P-0001" });
    const same = await gql<any>(Q, { url, headers: { "x-hub-context": ctx }, variables: { id: "P-0001" } });
    expect(same.status).toBe(200);
    expect(same.errors).toBeUndefined();
    expect(same.data.patient.name).toBeTruthy();

    const other = await gql(`{ patient(id: "P-0002") { name conditions { nodes { id display } } } }`, { url, headers: { "x-hub-context": ctx } });
    expect(other.status).toBe(401);
    expect(codes(other)).toEqual(["UNAUTHENTICATED"]);
    const otherVariables = await gql(Q, { url, headers: { "x-hub-context": ctx }, variables: { id: "P-0002" } });
    expect(otherVariables.status).toBe(401);
    const entities = await gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { name } } }`,
      { url, headers: { "x-hub-context": ctx }, variables: { r: [{ __typename: "Patient", id: "P-0002" }] } });
    expect(entities.status).toBe(401);
    // …and at another subgraph with the same text it was not signed for different variables either
    expect((await gql(Q, { url: hub().subgraphs.documents, headers: { "x-hub-context": ctx }, variables: { id: "P-0003" } })).status).toBe(401);
  });

  it("a context for a forwarded route is good for that method, path and query string only", async () => {
    const documents = hub().subgraphs.documents.replace(/\/graphql$/, "");
    const ctx = await signHubContext(DOCTOR_B, DEV_HUB_CONTEXT_SECRET, 10, routeOperationHash("GET", "/attachments?id=A-1&exp=1&sig=x"));
    const res = await fetch(`${documents}/attachments?id=A-2&exp=1&sig=x`, { headers: { "x-hub-context": ctx } });
    expect(res.status).toBe(401);
    const research = hub().subgraphs.research.replace(/\/graphql$/, "");
    const fhirCtx = await signHubContext(DOCTOR_B, DEV_HUB_CONTEXT_SECRET, 10, routeOperationHash("GET", "/fhir/bulkstatus/J-1"));
    expect((await fetch(`${research}/fhir/bulkstatus/J-1`, { method: "DELETE", headers: { "x-hub-context": fhirCtx } })).status).toBe(401);
  });

  it("through the gateway every subgraph call carries its own bound context (a 4-subgraph query answers)", async () => {
    const r = await gql<any>(`{ patient(id: "P-0001") { name conditions { nodes { id } } documents { nodes { id } } eligibility { insurerNumber } vitals(first: 1) { nodes { kind } } } }`,
      { token: await as.doctorB() });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.patient.name).toBeTruthy();
  });
});
