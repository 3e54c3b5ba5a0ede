import { beforeAll, describe, expect, it } from "vitest";
import type { Actor, Role } from "@hub/common";
import { parsePolicyCsv, rulesToCsv } from "../admin/rules.js";
import { CasbinRolePolicy, readPolicyFiles } from "../role-policy.js";
import { decideOperation } from "./decide-operation.js";

/** Actions that change something (every other action only reads). */
const WRITES = new Set(["grant-consent", "revoke-consent", "seal", "unseal", "consent-document", "record-phr", "send-questionnaire", "book",
  "cancel-booking", "opt-out", "register", "withdraw", "retrieve", "submit", "confirm-eligibility", "share", "start-emergency", "end-emergency",
  "declare-disaster", "review", "manage-registry", "manage-clients", "manage-policy", "research-request", "research-review", "research-extract"]);

const { model, policy } = readPolicyFiles();
const rules = parsePolicyCsv(policy).rules;
const writeRules = rules.filter((r) => r.effect === "allow" && WRITES.has(r.action) && r.role !== "*");

/** A caller of the rule's role who meets every condition: an institution, MFA, every scope, their own resource. */
const actorOf = (role: string): Actor => ({ sub: "A-1", role: role as Role, org: "1310000002", patientId: role === "patient" ? "P-1" : undefined, amr: ["mfa"],
  scopes: ["documents.write", "documents.read", "clinical.write", "eligibility.write"] });
const ask = (p: CasbinRolePolicy, role: string, action: string, category: string) => decideOperation(
  { actor: actorOf(role), purpose: "TREAT", now: new Date() },
  { action, category: (category === "*" ? "non_patient" : category) as never, facts: { institution: "1310000002", own: true }, forInstitution: true }, p.check);

describe("operations are the policy's", () => {
  let shipped: CasbinRolePolicy;
  beforeAll(async () => { shipped = await CasbinRolePolicy.create(model, policy); });

  it(`every write rule of the shipped policy (${writeRules.length}) allows its operation, and removing it refuses that operation`, async () => {
    expect(writeRules.length).toBeGreaterThan(40);
    for (const rule of writeRules) {
      expect(ask(shipped, rule.role, rule.action, rule.category), `${rule.name} (${rule.role} ${rule.action})`).toMatchObject({ allowed: true });
      const without = await CasbinRolePolicy.create(model, rulesToCsv(rules.filter((r) => r !== rule)));
      expect(ask(without, rule.role, rule.action, rule.category).allowed, `without ${rule.name}: ${rule.role} ${rule.action}`).toBe(false);
    }
  }, 120_000);

  it("the condition facts refuse what the promises say: another institution, no institution, a missing scope, no MFA for a doctor's break-glass", () => {
    const base = { actor: actorOf("system"), purpose: "TREAT" as const, now: new Date() };
    const op = (facts: object, over: Partial<Actor> = {}, action = "register") =>
      decideOperation({ ...base, actor: { ...base.actor, ...over } }, { action, category: "document_referral", facts, forInstitution: true }, shipped.check);
    expect(op({ institution: "1310000002" })).toMatchObject({ allowed: true });
    expect(op({ institution: "1310000005" })).toMatchObject({ allowed: false, rule: "own-institution-only", resourceDenied: true });
    expect(op({}, { org: undefined })).toMatchObject({ allowed: false, rule: "institution-required", resourceDenied: false });
    expect(op({}, { scopes: ["documents.read"] })).toMatchObject({ allowed: false, rule: "client-scope" });
    const doctor = { role: "doctor" as const, scopes: undefined };
    expect(op({}, { ...doctor, amr: [] }, "start-emergency")).toMatchObject({ allowed: false, rule: "break-glass-needs-mfa" });
    expect(op({}, { ...doctor, amr: ["mfa"] }, "start-emergency")).toMatchObject({ allowed: true });
  });
});
