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

describe("PEP field wrapper", () => {
  const { wrapField } = createEnforcement(runtime);
  const resolve = wrapField(() => "resolved");
  const inRequest = <T>(fn: () => T) => runWithContext({ ...ctx, state: new Map() }, fn);
  const run = (field: string, root: object = { id: "P-0001" }) => inRequest(async () => resolve(root, {}, {}, info(field)));

  it("denies a field without a data category, for everyone", async () => {
    await expect(run("secret")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(run("secret")).rejects.toMatchObject({ extensions: { code: "FORBIDDEN", rule: "unclassified" } });
  });

  it("lets non-patient fields through and sends patient data to the PDP", async () => {
    await expect(run("id")).resolves.toBe("resolved");
    await expect(run("note")).rejects.toMatchObject({ extensions: { code: "FORBIDDEN", category: "condition", rule: "no-consent" } });
  });

  it("waits for the first decision on a record, then answers the record's other fields without a promise", async () => {
    await inRequest(async () => {
      const root = { id: "P-0001" };
      expect(resolve(root, {}, {}, info("id"))).toBe("resolved");
      const first = resolve(root, {}, {}, info("note"));
      expect(first).toBeInstanceOf(Promise); // the patient's attributes are not loaded yet
      await expect(first).rejects.toMatchObject({ extensions: { rule: "no-consent" } });
      // decided now: the same refusal, thrown synchronously (nothing resolves around it)
      expect(() => resolve(root, {}, {}, info("note"))).toThrow(ForbiddenError);
      // another object of the same patient: the attributes are loaded, so it is decided without waiting too
      expect(() => resolve({ id: "P-0001" }, {}, {}, info("note"))).toThrow(ForbiddenError);
    });
  });
});
