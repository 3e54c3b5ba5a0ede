import { memo, requestContext, maybeRequestContext } from "@hub/common";
import type { DecisionTrace, Subject } from "../pdp.js";
import type { ResourceAttributes } from "../resource.js";
import type { DecisionSink } from "../runtime.js";
import type { OperationRequest } from "../operations/decide-operation.js";
import type { AuditEventInput, AuditStore } from "./audit-store.js";

interface Pending {
  subject: Subject;
  resource: ResourceAttributes;
  decision: DecisionTrace;
  recordIds: Set<string>;
}

type Operation = { subject: Subject; op: OperationRequest; decision: DecisionTrace };

/** The request's audit state: decisions not yet written, tuples already written, and writes still in flight. */
interface RequestAudit {
  pending: Map<string, Pending>;
  operations: Operation[];
  /** Tuples written ahead with no record ids: deciding them again in this request adds nothing to the trail. */
  written: Set<string>;
  inFlight: Promise<void>[];
}

/**
 * Collects the request's decisions, one audit event per attribute tuple with every record id decided under it,
 * and writes them before the response leaves the subgraph. If a write fails the response carries no data
 * (fail closed): see `flush`. A list, whose decisions are all made before its rows are read, writes them ahead
 * (`writeAhead`), so the append and the data read share one wait instead of following each other.
 */
export class AuditCollector implements DecisionSink {
  constructor(private readonly store: AuditStore) {}

  private state(): RequestAudit {
    return memo("audit.request", (): RequestAudit => ({ pending: new Map(), operations: [], written: new Set(), inFlight: [] }));
  }

  record(key: string, subject: Subject, resource: ResourceAttributes, decision: DecisionTrace): void {
    const state = this.state();
    if (!resource.recordId && state.written.has(key)) return;
    let p = state.pending.get(key);
    if (!p) {
      p = { subject, resource, decision, recordIds: new Set() };
      state.pending.set(key, p);
    }
    if (resource.recordId) p.recordIds.add(resource.recordId);
  }

  /** Record an operation decision (one event per operation), replayable like reads: its facts and rule. */
  recordOperation(subject: Subject, op: OperationRequest, decision: DecisionTrace): void {
    this.state().operations.push({ subject, op, decision });
  }

  /**
   * Start writing what the request has decided so far, without waiting: the caller reads its data meanwhile, and
   * `flush` (before the response is sent) waits for this write too, so nothing leaves that was not recorded.
   */
  writeAhead(): void {
    const ctx = maybeRequestContext();
    if (!ctx) return;
    const state = this.state();
    for (const [key, p] of state.pending) if (p.recordIds.size === 0) state.written.add(key);
    const events = this.take(state);
    if (events.length === 0) return;
    const write = this.store.append(events);
    write.catch(() => undefined); // observed by flush, which fails the response
    state.inFlight.push(write);
  }

  /** Write the request's decisions (called once per request, before the response is sent); fails if any write failed. */
  async flush(): Promise<void> {
    const ctx = maybeRequestContext();
    const state = ctx?.memo.get("audit.request") as RequestAudit | undefined;
    if (!state) return;
    const events = this.take(state);
    const writes = [...state.inFlight.splice(0), ...(events.length > 0 ? [this.store.append(events)] : [])];
    await Promise.all(writes);
  }

  /** The pending decisions as events, removed from the request's state. */
  private take(state: RequestAudit): AuditEventInput[] {
    const ctx = requestContext();
    const events: AuditEventInput[] = state.operations.map(({ subject, op, decision }): AuditEventInput => ({
      at: subject.now, eventType: "operation" as const, requestId: ctx.requestId, actorSub: ctx.actor.sub, actorRole: ctx.actor.role,
      actorOrg: ctx.actor.org ?? null, purpose: ctx.purpose, patientId: null, category: op.category, recordIds: null,
      decision: decision.allowed ? "ALLOW" : "DENY", rule: decision.rule, emergencyAccessId: ctx.emergencyAccessId ?? null,
      detail: { action: op.action, flags: decision.flags, basis: { allowed: true, rule: "operation" } },
    }));
    events.push(...[...state.pending.values()].map((p): AuditEventInput => ({
      at: p.subject.now, eventType: "access", requestId: ctx.requestId, actorSub: ctx.actor.sub, actorRole: ctx.actor.role,
      actorOrg: ctx.actor.org ?? null, purpose: ctx.purpose, patientId: p.resource.patientId || null, category: p.resource.category,
      recordIds: p.recordIds.size > 0 ? [...p.recordIds].sort() : null, decision: p.decision.allowed ? "ALLOW" : "DENY",
      rule: p.decision.rule, emergencyAccessId: ctx.emergencyAccessId ?? null,
      // flags and basis make the decision replayable under another policy (simulatePolicyChange)
      detail: {
        list: p.resource.list ?? false, flags: p.decision.flags, ...(p.resource.aspect ? { aspect: p.resource.aspect } : {}),
        basis: { allowed: p.decision.basis.allowed, rule: p.decision.basis.rule },
        ...(ctx.clientAddress ? { clientAddress: ctx.clientAddress } : {}),
      },
    })));
    state.pending.clear();
    state.operations.splice(0);
    return events;
  }

  /** Append an event about the current request's actor. */
  async event(e: ActorEvent): Promise<void> {
    await this.store.append([auditEventOf(e)]);
  }
}

/** What an event says beyond who asked, when and why (those come from the request context). */
export type ActorEvent = Omit<AuditEventInput, "at" | "actorSub" | "actorRole" | "actorOrg" | "requestId" | "purpose">;

/** An event about the current request's actor (consent, seal and emergency changes), stamped from its context. */
export function auditEventOf(e: ActorEvent): AuditEventInput {
  const ctx = requestContext();
  return {
    ...e, at: new Date(), requestId: ctx.requestId, actorSub: ctx.actor.sub, actorRole: ctx.actor.role,
    actorOrg: ctx.actor.org ?? null, purpose: ctx.purpose,
  };
}
