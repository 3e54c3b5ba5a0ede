import { describe, expect, it } from "vitest";
import { buildSchema, type GraphQLResolveInfo } from "graphql";
import { ForbiddenError, runWithContext } from "@hub/common";
import { createEnforcement } from "./pep.js";
import { PolicyRuntime } from "./runtime.js";

const schema = buildSchema(`
  directive @dataCategory(name: String!) on FIELD_DEFINITION
  type Patient { id: ID! @dataCategory(name: "non_patient") secret: String note: String @dataCategory(name: "condition") }
  type Query { patient: Patient @dataCategory(name: "non_patient") }
`);
const info = (field: string) => ({ parentType: schema.getType("Patient"), fieldName: field }) as unknown as GraphQLResolveInfo;
const ctx = { requestId: "r1", actor: { sub: "D-1", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const, state: new Map() };
const runtime = new PolicyRuntime(
  { load: async (patientId) => ({ patientId, consents: [], seals: [], cardFlags: [], emergency: null }) },
  () => () => ({ allowed: true, rule: "test-allow" }),
);

describe("PEP field middleware", () => {
  const { fieldMiddleware } = createEnforcement(runtime);
  const run = (field: string) => runWithContext({ ...ctx, state: new Map() }, () =>
    fieldMiddleware({ root: { id: "P-0001" }, args: {}, context: {}, info: info(field) }, async () => "resolved"));

  it("denies a field without a data category, for everyone", async () => {
    await expect(run("secret")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(run("secret")).rejects.toMatchObject({ extensions: { code: "FORBIDDEN", rule: "unclassified" } });
  });

  it("lets non-patient fields through and sends patient data to the PDP", async () => {
    await expect(run("id")).resolves.toBe("resolved");
    await expect(run("note")).rejects.toMatchObject({ extensions: { code: "FORBIDDEN", category: "condition", rule: "no-consent" } });
  });
});
