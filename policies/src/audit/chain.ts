import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical.js";
import type { AuditEventInput } from "./audit-store.js";

/**
 * The audit trail's hash chains, in the TypeScript form the verifier uses; the SQL form that appends is
 * `consent.audit_append` (migration `1700000000031-audit-append-lazy-locks`), and the two must compute the same link.
 *
 * Every event belongs to one chain: the patient's own (`p:<patient id>`), or for events about no patient one of
 * 64 shards chosen by request (`s:<n>`). Within a chain, positions run 1, 2, 3… without gaps and each event carries
 * its predecessor's hash; the chain's head (last position and hash) is kept in `consent.audit_heads`.
 */
export const GENESIS = "0".repeat(64);
export const SHARDS = 64;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The chain an event is appended to. All of a patient's events are in one chain, in time order. */
export function chainOf(e: Pick<AuditEventInput, "patientId" | "requestId" | "actorSub">): string {
  if (e.patientId) return `p:${e.patientId}`;
  const key = e.requestId ?? e.actorSub;
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return `s:${h % SHARDS}`;
}

/** sha256 of what an event says (everything but where and when it was appended), computed by the writer. */
export function contentHash(e: AuditEventInput): string {
  return sha256(canonicalJson({
    eventType: e.eventType, requestId: e.requestId ?? null, actorSub: e.actorSub, actorRole: e.actorRole,
    actorOrg: e.actorOrg ?? null, purpose: e.purpose ?? null, patientId: e.patientId ?? null, category: e.category ?? null,
    recordIds: e.recordIds ?? null, decision: e.decision ?? null, rule: e.rule ?? null,
    emergencyAccessId: e.emergencyAccessId ?? null, detail: e.detail ?? null,
  }));
}

/** The link hash: sha256(prev | seq | chain | pos | at | content), as `consent.audit_append` computes it. */
export function linkHash(prev: string, seq: number, chain: string, pos: number, at: Date, content: string): string {
  return sha256(`${prev}|${seq}|${chain}|${pos}|${at.toISOString()}|${content}`);
}

/** The hash of an event of the single global chain written before per-patient chains: sha256(prev | canonical(fields)). */
export function eventHash(prevHash: string, seq: number, e: AuditEventInput): string {
  const body = canonicalJson({
    seq, at: e.at.toISOString(), eventType: e.eventType, requestId: e.requestId ?? null, actorSub: e.actorSub,
    actorRole: e.actorRole, actorOrg: e.actorOrg ?? null, purpose: e.purpose ?? null, patientId: e.patientId ?? null,
    category: e.category ?? null, recordIds: e.recordIds ?? null, decision: e.decision ?? null, rule: e.rule ?? null,
    emergencyAccessId: e.emergencyAccessId ?? null, detail: e.detail ?? null,
  });
  return sha256(`${prevHash}|${body}`);
}

/** The batch as `consent.audit_append` takes it: one JSON array, each event with its chain and content hash. */
export function appendPayload(events: AuditEventInput[]): string {
  return JSON.stringify(events.map((e, ord) => ({
    ord, chain: chainOf(e), content: contentHash(e), event_type: e.eventType, request_id: e.requestId ?? null,
    actor_sub: e.actorSub, actor_role: e.actorRole, actor_org: e.actorOrg ?? null, purpose: e.purpose ?? null,
    patient_id: e.patientId ?? null, category: e.category ?? null, record_ids: e.recordIds ?? null, decision: e.decision ?? null,
    rule: e.rule ?? null, emergency_access_id: e.emergencyAccessId ?? null, detail: e.detail ?? null,
  })));
}
