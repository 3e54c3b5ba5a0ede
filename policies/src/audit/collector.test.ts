import { describe, expect, it } from "vitest";
import { runWithContext } from "@hub/common";
import { AuditCollector } from "./collector.js";
import type { AuditEventInput, AuditStore } from "./audit-store.js";
import type { DecisionTrace, Subject } from "../pdp.js";

/** A store whose appends the test completes by hand: what was asked to be written, and when. */
function heldStore() {
  const appends: { events: AuditEventInput[]; resolve(): void; reject(e: Error): void }[] = [];
  const store = {
    append: (events: AuditEventInput[]) => new Promise<void>((resolve, reject) => { appends.push({ events, resolve, reject }); }),
  } as unknown as AuditStore;
  return { store, appends };
}

const subject: Subject = { actor: { sub: "D-001", role: "doctor", org: "1310000002", amr: [] }, purpose: "TREAT", now: new Date("2026-12-02T00:00:00Z") };
const allow = { allowed: true, rule: "consent:C1", flags: [], basis: { allowed: true, rule: "consent:C1" } } as unknown as DecisionTrace;
const inRequest = <T>(fn: () => Promise<T>) => runWithContext({ requestId: "r-1", actor: subject.actor, purpose: "TREAT", memo: new Map() }, fn);
const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => "settled", () => "settled"), new Promise((r) => setImmediate(() => r("pending")))]);

describe("audit collector: a list's decisions are written while its rows are read", () => {
  it("writeAhead starts the append at once; flush waits for it, so nothing leaves before it is recorded", async () => {
    const { store, appends } = heldStore();
    const audit = new AuditCollector(store);
    await inRequest(async () => {
      audit.record("P-1|condition|list", subject, { patientId: "P-1", category: "condition", list: true }, allow);
      audit.writeAhead();
      expect(appends).toHaveLength(1);
      expect(appends[0].events.map((e) => [e.eventType, e.patientId, e.category, e.recordIds])).toEqual([["access", "P-1", "condition", null]]);
      const flushed = audit.flush();
      expect(await settled(flushed)).toBe("pending");
      appends[0].resolve();
      await flushed;
      expect(appends).toHaveLength(1);
    });
  });

  it("the same tuple decided again adds no event; a record read under it adds one with the record's id", async () => {
    const { store, appends } = heldStore();
    const audit = new AuditCollector(store);
    await inRequest(async () => {
      const list = { patientId: "P-1", category: "condition" as const, list: true };
      audit.record("k", subject, list, allow);
      audit.writeAhead();
      audit.record("k", subject, list, allow);
      audit.writeAhead();
      expect(appends).toHaveLength(1);
      audit.record("k", subject, { ...list, list: false, recordId: "R-9" }, allow);
      const flushed = audit.flush();
      expect(appends).toHaveLength(2);
      expect(appends[1].events.map((e) => e.recordIds)).toEqual([["R-9"]]);
      appends.forEach((a) => a.resolve());
      await flushed;
    });
  });

  it("a write ahead that fails fails the flush (the subgraph then withholds the response)", async () => {
    const { store, appends } = heldStore();
    const audit = new AuditCollector(store);
    await inRequest(async () => {
      audit.record("k", subject, { patientId: "P-1", category: "allergy", list: true }, allow);
      audit.writeAhead();
      appends[0].reject(new Error("audit table unwritable"));
      await expect(audit.flush()).rejects.toThrow("audit table unwritable");
    });
  });
});
