import { describe, expect, it } from "vitest";
import { runWithContext, type DataCategory } from "@hub/common";
import { PolicyRuntime } from "./runtime.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";

const CATEGORIES: DataCategory[] = ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "prescription"];

describe("PolicyRuntime memoisation", () => {
  it("evaluates the PDP once per distinct attribute tuple: 1,000 records × 8 fields from 10 institutions cost one evaluation per category", async () => {
    const { model, policy } = readPolicyFiles();
    const roles = await CasbinRolePolicy.create(model, policy);
    let loads = 0;
    const runtime = new PolicyRuntime({
      load: async (patientId) => {
        loads++;
        return { patientId, consents: [{ id: "C1", status: "ACTIVE" as const, organizationId: "1310000002", purpose: "TREAT", categories: null, expiresAt: null }], seals: [], cardFlags: [], emergency: null };
      },
    }, () => roles.check);
    const ctx = { requestId: "r", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const, memo: new Map() };
    await runWithContext(ctx, async () => {
      for (let i = 0; i < 1000; i++) {
        for (let field = 0; field < 8; field++) {
          const d = await runtime.decide({ patientId: "P-HEAVY", category: CATEGORIES[i % 7], sourceOrgId: `13100000${String(i % 10).padStart(2, "0")}`, recordId: `R-${i}` });
          expect(d.allowed).toBe(true);
        }
      }
    });
    expect(runtime.evaluations).toBe(CATEGORIES.length);
    expect(runtime.evaluations).toBeGreaterThan(0);
    expect(loads).toBe(1);
    expect(roles.evaluations).toBeLessThanOrEqual(CATEGORIES.length);
  });
});
