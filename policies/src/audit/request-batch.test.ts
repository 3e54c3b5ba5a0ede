import { describe, expect, it } from "vitest";
import { runWithContext, type RequestState } from "@hub/common";
import { AuditCollector } from "./collector.js";
import type { AuditEventInput, AuditStore } from "./audit-store.js";
import type { DecisionTrace, Subject } from "../pdp.js";

const claims = { requestId: "r-joint", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const };
const subject: Subject = { actor: claims.actor, purpose: claims.purpose, now: new Date("2026-12-04T00:00:00Z") };
const allow: DecisionTrace = { allowed: true, rule: "consent", reason: "", flags: [], basis: { allowed: true, rule: "consent", reason: "" } };
const waitFor = async (ok: () => boolean) => { while (!ok()) await new Promise((r) => setTimeout(r, 1)); };

/** A store that records each append (one entry per statement the real store would send) and can be made to fail. */
function store(fail = false): { collector: AuditCollector; appends: string[][] } {
  const appends: string[][] = [];
  const s = { append: async (events: AuditEventInput[]) => { if (events.length) appends.push(events.map((e) => e.category ?? "")); if (fail) throw new Error("audit down"); } };
  return { collector: new AuditCollector(s as unknown as AuditStore), appends };
}

/** A subgraph call of the gateway request whose shared state is `shared`, deciding one category. */
function call(c: AuditCollector, shared: RequestState | undefined, category: string) {
  const ctx = { ...claims, state: new Map(), ...(shared ? { shared } : {}) };
  return {
    decide: () => runWithContext(ctx, () => c.record(`P-1|${category}`, subject, { patientId: "P-1", category: category as never, list: true }, allow)),
    flush: () => runWithContext(ctx, () => c.flush()),
  };
}

describe("one audit append for the sibling calls of a gateway request", () => {
  it("a call ready while a sibling is still deciding waits, and the last one writes both calls' events in one append", async () => {
    const { collector, appends } = store();
    const shared: RequestState = new Map();
    const documents = call(collector, shared, "document");
    const eligibility = call(collector, shared, "eligibility");
    documents.decide();
    eligibility.decide();
    let documentsDone = false;
    const first = documents.flush().then(() => { documentsDone = true; });
    await new Promise((r) => setImmediate(r));
    expect({ documentsDone, appends }).toEqual({ documentsDone: false, appends: [] }); // nothing has left: not yet recorded
    await eligibility.flush();
    await first;
    expect(appends).toEqual([["document", "eligibility"]]);
  });

  it("calls of different gateway requests, or without shared state, write at once", async () => {
    const { collector, appends } = store();
    const a = call(collector, new Map(), "condition");
    const b = call(collector, new Map(), "allergy");
    const alone = call(collector, undefined, "vital");
    a.decide();
    b.decide();
    alone.decide();
    await a.flush();
    await alone.flush();
    expect(appends).toEqual([["condition"], ["vital"]]);
    await b.flush();
    expect(appends).toEqual([["condition"], ["vital"], ["allergy"]]);
  });

  it("a sibling that never writes holds the others only briefly: their events are written without it", async () => {
    const { collector, appends } = store();
    const shared: RequestState = new Map();
    const stuck = call(collector, shared, "condition");
    const ready = call(collector, shared, "allergy");
    stuck.decide();
    ready.decide();
    let done = false;
    void ready.flush().then(() => { done = true; });
    await waitFor(() => done);
    expect(appends).toEqual([["allergy"]]);
  });

  it("fails closed together: when the joint append fails, every call that waited for it fails", async () => {
    const { collector } = store(true);
    const shared: RequestState = new Map();
    const x = call(collector, shared, "document");
    const y = call(collector, shared, "eligibility");
    x.decide();
    y.decide();
    const parked = expect(x.flush()).rejects.toThrow("audit down");
    await expect(y.flush()).rejects.toThrow("audit down");
    await parked;
  });
});
