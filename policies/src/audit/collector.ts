import { RequestSlot, requestContext, maybeRequestContext } from "@hub/common";
import type { DecisionTrace, Subject } from "../pdp.js";
import type { ResourceAttributes } from "../resource.js";
import type { DecisionSink } from "../runtime.js";
import type { OperationRequest } from "../operations/decide-operation.js";
import type { AuditEventInput, AuditStore } from "./audit-store.js";
import { deciding, writeJointly } from "./request-batch.js";

interface Pending {
  subject: Subject;
  resource: ResourceAttributes;
  decision: DecisionTrace;
  recordIds: Set<string>;
}
interface PendingOperation { subject: Subject; op: OperationRequest; decision: DecisionTrace }

/** What makes two read decisions of one request one audit event (see `AuditCollector.record`). */
const sameAs = (r: ResourceAttributes, d: DecisionTrace) =>
  `=${r.patientId}|${r.category}|${r.aspect ?? ""}|${d.allowed}|${d.rule}|${d.flags.join(",")}|${d.basis.allowed}|${d.basis.rule}`;

/** Per request: the read decisions not yet written, by attribute tuple (and by `sameAs`), and the operation decisions. */
const pendingReads = new RequestSlot("audit.pending", () => new Map<string, Pending>());
const pendingOperations = new RequestSlot("audit.operations", () => [] as PendingOperation[]);

/**
 * Collects the request's decisions, one audit event per attribute tuple with every record id decided under it,
 * and writes them before the response leaves the subgraph. If the write fails the response carries no data
 * (fail closed): see `flush`.
 */
export class AuditCollector implements DecisionSink {
  constructor(private readonly store: AuditStore) {}

  /**
   * A list's decision and the decision on its records are one event when they say the same (outcome, rule, flags,
   * basis, aspect): what a replay under another policy needs (`simulate.ts`) is identical for both, so the event
   * carries `list: true` and the record ids. A record decided otherwise (a seal flag, a scoped consent) is an event
   * of its own.
   */
  record(key: string, subject: Subject, resource: ResourceAttributes, decision: DecisionTrace): void {
    const pending = pendingReads.get();
    let p = pending.get(key);
    if (!p) {
      const same = sameAs(resource, decision);
      p = pending.get(same);
      if (p) {
        if (resource.list) p.resource = { ...p.resource, list: true };
      } else {
        p = { subject, resource, decision, recordIds: new Set() };
        pending.set(same, p);
        deciding();
      }
      pending.set(key, p);
    }
    if (resource.recordId) p.recordIds.add(resource.recordId);
  }

  /** Record an operation decision (one event per operation), replayable like reads: its facts and rule. */
  recordOperation(subject: Subject, op: OperationRequest, decision: DecisionTrace): void {
    pendingOperations.get().push({ subject, op, decision });
    deciding();
  }

  /**
   * Write the request's decisions (called once per request, before the response is sent), in one append with those
   * of sibling calls of the same gateway request that are deciding at the same time (`request-batch.ts`).
   */
  async flush(): Promise<void> {
    const ctx = maybeRequestContext();
    if (!ctx) return;
    const pending = pendingReads.peek();
    const ops = pendingOperations.peek();
    const events: AuditEventInput[] = (ops ?? []).map(({ subject, op, decision }): AuditEventInput => ({
      at: subject.now, eventType: "operation" as const, requestId: ctx.requestId, actorSub: ctx.actor.sub, actorRole: ctx.actor.role,
      actorOrg: ctx.actor.org ?? null, purpose: ctx.purpose, patientId: null, category: op.category, recordIds: null,
      decision: decision.allowed ? "ALLOW" : "DENY", rule: decision.rule, emergencyAccessId: ctx.emergencyAccessId ?? null,
      detail: { action: op.action, flags: decision.flags, basis: { allowed: true, rule: "operation" } },
    }));
    events.push(...[...new Set((pending ?? new Map<string, Pending>()).values())].map((p): AuditEventInput => ({
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
    pending?.clear();
    ops?.splice(0);
    await writeJointly(events, (all) => this.store.append(all));
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
