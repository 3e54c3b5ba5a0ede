import { describe, expect, it } from "vitest";
import { readPolicyFiles } from "../role-policy.js";
import { readInvariants } from "./invariants.js";
import { describeViolations, prove } from "./prover.js";

const { model, policy } = readPolicyFiles();
const invariants = readInvariants();
const without = (rule: string) => policy.split("\n").filter((l) => !l.trim().endsWith(`, ${rule}`)).join("\n");
const plus = (line: string) => `${policy}\n${line}`;

describe("policy prover", () => {
  it("proves every promise of the shipped policy over the whole attribute space", async () => {
    const report = await prove(model, policy, invariants);
    console.log(`policy prover: ${report.combinations} combinations, ${report.results.length} invariants, ${report.millis} ms`);
    expect(describeViolations(report)).toEqual([]);
    expect(report.combinations).toBeGreaterThan(800_000);
    expect(report.results.every((r) => r.checked > 0)).toBe(true);
  });

  // Deliberately weakened copies, built here: each must be caught with a minimal counterexample.
  const mutations: [string, string, string, (t: Record<string, unknown>) => void][] = [
    ["removing the seal deny rule", without("seal-sealed"), "sealed-never-shown", (t) => expect(t).toMatchObject({ seal: "SEALED", self: false })],
    ["widening the emergency scope to PHR vitals", plus("p, emergency_responder, ETREAT, phr_vital, read, *, allow, widened"), "emergency-set-only",
      (t) => expect(t).toMatchObject({ role: "emergency_responder", purpose: "ETREAT", category: "phr_vital", emergency: "active" })],
    ["widening a team nurse's emergency scope to PHR vitals", plus("p, nurse, ETREAT, phr_vital, read, *, allow, widened"), "emergency-set-only",
      (t) => expect(t).toMatchObject({ role: "nurse", purpose: "ETREAT", category: "phr_vital" })],
    ["widening the disaster set to lifestyle labs", plus("p, nurse, DISASTER, lab_lifestyle, read, *, allow, widened"), "disaster-set-only",
      (t) => expect(t).toMatchObject({ role: "nurse", purpose: "DISASTER", category: "lab_lifestyle", emergency: "disaster" })],
    ["letting the reception desk read referral content", plus("p, clerk, TREAT, document_referral, read, *, allow, widened"), "desk-never-reads-content",
      (t) => expect(t).toMatchObject({ role: "clerk", purpose: "TREAT", category: "document_referral", aspect: "content" })],
    ["removing the withheld-from-patient rule", without("withheld-from-patient"), "withheld-never-to-patient", (t) => expect(t).toMatchObject({ role: "patient", self: true, withheld: true })],
    ["removing the restricted-seal rule", without("seal-restricted"), "restricted-only-break-glass", (t) => expect(t).toMatchObject({ seal: "RESTRICTED" })],
    ["letting researchers treat", without("researcher-no-identified-data").concat("\np, researcher, TREAT, *, read, *, allow, researcher-treat"), "researchers-never-identified", (t) => expect(t).toMatchObject({ role: "researcher", purpose: "TREAT" })],
    ["removing the patient's own access", without("patient-own-read"), "patient-reads-own", (t) => expect(t).toMatchObject({ role: "patient", self: true })],
    ["removing the rule that consents and seals are the patient's own", without("consent-records-patient-only"), "consents-patient-only",
      (t) => expect(t).toMatchObject({ category: "consent", self: false })],
    ["removing the rule that the access log is the patient's own", without("access-log-patient-only"), "access-log-patient-only",
      (t) => expect(t).toMatchObject({ category: "access_log", self: false })],
  ];
  // Promises about what people may do: each weakened copy is caught, with the operation that breaks it.
  const writes: [string, string, string, Record<string, unknown>][] = [
    ["letting a doctor grant consents", plus("p, doctor, *, consent, grant-consent, *, allow, widened"), "only-patient-manages-consents-and-seals", { role: "doctor", action: "grant-consent" }],
    ["dropping the own-institution rule", without("own-institution-only"), "writes-for-own-institution-only", { flags: ["other-institution"] }],
    ["dropping the institution-required rule", without("institution-required"), "writes-for-own-institution-only", { flags: ["no-institution"] }],
    ["letting researchers register documents", without("researchers-never-write").concat("\np, researcher, *, *, register, *, allow, widened"), "research-never-writes", { role: "researcher", action: "register" }],
    ["letting a nurse change the policy", plus("p, nurse, *, *, manage-policy, *, allow, widened"), "only-admins-administer", { role: "nurse", action: "manage-policy" }],
    ["letting doctors break the glass without MFA", without("break-glass-needs-mfa"), "break-glass-needs-mfa-or-responder", { role: "doctor", action: "start-emergency" }],
    ["dropping the client-scope rule", without("client-scope"), "systems-within-scope", { role: "system", flags: ["missing-scope"] }],
  ];
  for (const [name, weakened, invariant, shape] of writes) {
    it(`catches ${name}`, async () => {
      const report = await prove(model, weakened, invariants);
      const broken = report.results.find((r) => r.id === invariant)!;
      expect(broken.violations).toBeGreaterThan(0);
      expect(broken.counterexample!.tuple).toMatchObject(shape);
      expect(describeViolations(report).join("\n")).toContain(invariant);
    });
  }

  it("lists the promises about operations it proves", async () => {
    const report = await prove(model, policy, invariants);
    const ops = report.results.filter((r) => invariants.operationInvariants!.some((i) => i.id === r.id));
    expect(ops.map((r) => r.id).sort()).toEqual(invariants.operationInvariants!.map((i) => i.id).sort());
    expect(ops.every((r) => r.checked > 0 && r.violations === 0)).toBe(true);
  });

  for (const [name, weakened, invariant, shape] of mutations) {
    it(`catches ${name}`, async () => {
      const report = await prove(model, weakened, invariants);
      expect(report.ok).toBe(false);
      const broken = report.results.find((r) => r.id === invariant)!;
      expect(broken.violations).toBeGreaterThan(0);
      shape(broken.counterexample!.tuple as unknown as Record<string, unknown>);
      // The smallest counterexample uses as few non-default attributes as possible.
      const c = broken.counterexample!.tuple;
      const extras = [c.consent !== "none", c.card !== "none", c.seal !== "none", c.emergency !== "none", c.self, c.withheld].filter(Boolean).length;
      expect(extras).toBeLessThanOrEqual(3);
    });
  }
});
