import { describe, expect, it } from "vitest";
import { runWithContext } from "@hub/common";
import { AuditCollector } from "./collector.js";
import type { AuditEventInput, AuditStore } from "./audit-store.js";
import type { DecisionTrace, Subject } from "../pdp.js";

const ctx = { requestId: "r-col", actor: { sub: "ER-1", role: "emergency_responder" as const, org: "1310000009", amr: ["mfa"] }, purpose: "ETREAT" as const, state: new Map() };
const subject: Subject = { actor: ctx.actor, purpose: ctx.purpose, now: new Date("2026-12-03T00:00:00Z") };
const allow = (flags: string[] = []): DecisionTrace => ({ allowed: true, rule: "emergency-access", reason: "", flags: flags as DecisionTrace["flags"], basis: { allowed: true, rule: "emergency-access", reason: "" } });

/** What the collector hands to the store, as the store would receive it. */
function collect(): { collector: AuditCollector; written: AuditEventInput[] } {
  const written: AuditEventInput[] = [];
  const store = { append: async (events: AuditEventInput[]) => { written.push(...events); } } as unknown as AuditStore;
  return { collector: new AuditCollector(store), written };
}

describe("audit events of one read request", () => {
  it("a list's decision and its records' equal decision are one event with the record ids; a record decided otherwise is its own", async () => {
    const { collector, written } = collect();
    await runWithContext({ ...ctx, state: new Map() }, async () => {
      collector.record("P-1|allergy|list|0|list", subject, { patientId: "P-1", category: "allergy", list: true }, allow());
      collector.record("P-1|allergy|-|0|", subject, { patientId: "P-1", category: "allergy", recordId: "A-2" }, allow());
      collector.record("P-1|allergy|-|0|", subject, { patientId: "P-1", category: "allergy", recordId: "A-1" }, allow());
      collector.record("P-1|allergy|RESTRICTED|0|", subject, { patientId: "P-1", category: "allergy", recordId: "A-3" }, allow(["sealed-other"]));
      collector.record("P-1|infection|list|0|list", subject, { patientId: "P-1", category: "infection", list: true }, allow());
      await collector.flush();
    });
    const summary = written.map((e) => ({ category: e.category, list: e.detail?.list, ids: e.recordIds, flags: e.detail?.flags }));
    expect(summary).toEqual([
      { category: "allergy", list: true, ids: ["A-1", "A-2"], flags: [] },
      { category: "allergy", list: false, ids: ["A-3"], flags: ["sealed-other"] },
      { category: "infection", list: true, ids: null, flags: [] },
    ]);
  });
});
