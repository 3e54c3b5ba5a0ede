import { describe, expect, it } from "vitest";
import { runWithContext, type DataCategory } from "@hub/common";
import { PolicyRuntime } from "./runtime.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";
import type { SealAttr } from "./attributes/seal/seal.rule.js";

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
    const ctx = { requestId: "r", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const, state: new Map() };
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

describe("a document's metadata and content", () => {
  async function readDocument(role: "doctor" | "clerk", fields: ("metadata" | "content")[]) {
    const { model, policy } = readPolicyFiles();
    const roles = await CasbinRolePolicy.create(model, policy);
    const recorded: { key: string; aspect?: string; allowed: boolean; rule: string }[] = [];
    const runtime = new PolicyRuntime({
      load: async (patientId) => ({ patientId, consents: [{ id: "C1", status: "ACTIVE" as const, organizationId: "1310000002", purpose: "TREAT", categories: ["document_referral"], expiresAt: null, recordIds: ["DOC-1"] }], seals: [], cardFlags: [], emergency: null }),
    }, () => roles.check, {
      record: (key, _s, resource, d) => { recorded.push({ key, aspect: resource.aspect, allowed: d.allowed, rule: d.rule }); },
      recordOperation: () => undefined,
    });
    const ctx = { requestId: "r", actor: { sub: "X-001", role, org: "1310000002", amr: [] }, purpose: "TREAT" as const, state: new Map() };
    const answers = await runWithContext(ctx, () => Promise.all(fields.map((f) => runtime.decide({
      patientId: "P-1", category: "document_referral", sourceOrgId: "1310000001", recordId: "DOC-1", ...(f === "metadata" ? { aspect: "metadata" as const } : {}),
    }))));
    return { answers: answers.map((d) => [d.allowed, d.rule]), evaluations: runtime.evaluations, events: new Set(recorded.map((r) => `${r.key}|${r.aspect ?? "content"}|${r.allowed}`)) };
  }

  it("a reader of both (a doctor) costs one evaluation and one audit event, recorded as a content read", async () => {
    const r = await readDocument("doctor", ["metadata", "content", "metadata", "content"]);
    expect(r.answers).toEqual(Array(4).fill([true, "consent:C1"]));
    expect(r.evaluations).toBe(1);
    expect([...r.events]).toEqual([expect.stringMatching(/\|content\|true$/)]);
  });

  it("the desk reads the metadata under its own decision and audit event, and is refused the content", async () => {
    const r = await readDocument("clerk", ["content", "metadata", "metadata", "content"]);
    expect(r.answers).toEqual([[false, "role-policy-no-match"], [true, "consent:C1"], [true, "consent:C1"], [false, "role-policy-no-match"]]);
    expect(r.evaluations).toBe(2);
    expect([...r.events].sort()).toEqual([expect.stringMatching(/\|content\|false$/), expect.stringMatching(/\|metadata\|metadata\|true$/)]);
  });
});

describe("decision cost does not grow with the number of seals", () => {
  const orgs = Array.from({ length: 10 }, (_, i) => `13100000${String(i).padStart(2, "0")}`);
  /** Seals of every shape: by institution, by category, by both, by record ids; both levels. */
  const seals = (n: number): SealAttr[] => Array.from({ length: n }, (_, i) => ({
    id: `S${i}`, level: i % 2 ? "SEALED" : "RESTRICTED",
    sourceOrganizationId: i % 3 === 0 ? orgs[i % 10] : null, category: i % 3 === 1 ? CATEGORIES[i % 7] : i % 3 === 0 ? CATEGORIES[(i + 1) % 7] : null,
    recordIds: i % 3 === 2 ? [`R-${i}`, `R-${i + 500}`] : null,
  }));

  async function evaluationsWith(n: number): Promise<number> {
    const { model, policy } = readPolicyFiles();
    const roles = await CasbinRolePolicy.create(model, policy);
    const runtime = new PolicyRuntime({
      load: async (patientId) => ({ patientId, consents: [{ id: "C1", status: "ACTIVE" as const, organizationId: "1310000002", purpose: "TREAT", categories: null, expiresAt: null }], seals: seals(n), cardFlags: [], emergency: null }),
    }, () => roles.check);
    const ctx = { requestId: "r", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const, state: new Map() };
    await runWithContext(ctx, async () => {
      await runtime.listPlan("P-HEAVY", CATEGORIES);
      for (let i = 0; i < 1000; i++) await runtime.decide({ patientId: "P-HEAVY", category: CATEGORIES[i % 7], sourceOrgId: orgs[i % 10], recordId: `R-${i}` });
    });
    return runtime.evaluations;
  }

  it("counts every PDP evaluation, seal-level checks included: bounded by the distinct tuples whatever the number of seals", async () => {
    const counts = [await evaluationsWith(1), await evaluationsWith(10), await evaluationsWith(100), await evaluationsWith(1000)];
    // Per category at most: the list, one check per seal level, and the records' tuples (unsealed / restricted / sealed).
    for (const n of counts) expect(n).toBeLessThanOrEqual(CATEGORIES.length * 6);
    expect(counts[0]).toBeGreaterThan(CATEGORIES.length);
    // Once the seals cover every tuple, more seals cost nothing more.
    expect(counts[3]).toBe(counts[2]);
  });
});
