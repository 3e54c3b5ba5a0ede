import type { DataSource } from "typeorm";
import { prepared } from "@hub/common";
import { appendPayload, chainOf } from "./chain.js";
import { verifyChains, type VerifyResult } from "./verify.js";

export { GENESIS, eventHash, chainOf, contentHash, linkHash } from "./chain.js";
import { notificationInsert } from "../notifications/notification.rules.js";

export type AuditEventType =
  | "access" | "consent-granted" | "consent-revoked" | "seal-placed" | "seal-removed"
  | "emergency-started" | "emergency-used" | "emergency-ended" | "emergency-lookup" | "policy-changed" | "card-consent" | "consent-shared" | "document-registered" | "document-retrieved"
  | "document-withdrawn" | "document-prefetched" | "attachment-downloaded" | "clinical-submitted" | "retention-purged"
  | "dataset-request-submitted" | "dataset-request-reviewed" | "extraction-started" | "extraction-finished" | "extraction-cancelled"
  | "extraction-downloaded" | "secondary-use-opt-out" | "secondary-use-opt-in"
  | "institution-changed" | "client-changed" | "token-issued" | "token-refused" | "consent-ended" | "access-explained" | "document-retrieval-refused" | "operation"
  | "document-retrieval-locked" | "document-superseded" | "document-shared" | "document-slip-printed"
  | "consultation-requested" | "consultation-opened" | "consultation-declined" | "consultation-answered" | "consultation-withdrawn"
  | "consultation-expired" | "consultation-read" | "webhook-changed";

export interface AuditEventInput {
  /** Set by the store when appended (monotonic with `seq`); any value given is replaced. */
  at: Date;
  eventType: AuditEventType;
  requestId?: string | null;
  actorSub: string;
  actorRole: string;
  actorOrg?: string | null;
  purpose?: string | null;
  patientId?: string | null;
  category?: string | null;
  recordIds?: string[] | null;
  decision?: "ALLOW" | "DENY" | null;
  rule?: string | null;
  emergencyAccessId?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  prevHash: string;
  hash: string;
  /** The hash chain the event belongs to (`p:<patient>`, `s:<shard>`) and its position; null for the legacy chain. */
  chain?: string | null;
  chainPos?: number | null;
}

export interface AuditRow {
  seq: string; at: Date; event_type: string; request_id: string | null; actor_sub: string; actor_role: string;
  actor_org: string | null; purpose: string | null; patient_id: string | null; category: string | null;
  record_ids: string[] | null; decision: string | null; rule: string | null; emergency_access_id: string | null;
  detail: Record<string, unknown> | null; prev_hash: string; hash: string; chain?: string | null; chain_pos?: string | null;
}

export function fromRow(r: AuditRow): AuditEvent {
  return {
    seq: Number(r.seq), at: new Date(r.at), eventType: r.event_type as AuditEventType, requestId: r.request_id,
    actorSub: r.actor_sub, actorRole: r.actor_role, actorOrg: r.actor_org, purpose: r.purpose, patientId: r.patient_id,
    category: r.category, recordIds: r.record_ids, decision: r.decision as AuditEvent["decision"], rule: r.rule,
    emergencyAccessId: r.emergency_access_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
    chain: r.chain ?? null, chainPos: r.chain_pos == null ? null : Number(r.chain_pos),
  };
}

type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };
interface Queued { events: AuditEventInput[]; chains: Set<string>; resolve(): void; reject(e: unknown): void }
/** The append statement, sent prepared where the database allows it (`prepared`), on every path alike. */
const append = () => prepared(`SELECT consent.audit_append($1::jsonb)`);
/** Batches written at once by one process; batches in flight never share a chain (see `take`). */
const IN_FLIGHT = 4;
/** Requests merged into one batch at most. */
const MAX_BATCH = 100;
const retryable = (e: unknown) => ["40P01", "40001"].includes(String((e as { code?: string }).code ?? (e as { driverError?: { code?: string } }).driverError?.code));

/**
 * Append-only, hash-chained audit trail in `consent.audit_events`: one chain per patient (and 64 shards for events
 * about no patient), each with a verified head in `consent.audit_heads`. A batch is appended in one statement that
 * locks only the heads of the chains it extends, so appends for different patients never wait on each other, in
 * one process or across replicas; a trigger refuses updates and deletes. Design and tamper-evidence: README, "Audit
 * trail".
 * The notifications an event causes (`notifications/notification.rules.ts`) are written in the same transaction.
 */
export class AuditStore {
  constructor(private readonly ds: DataSource) {}

  private queue: Queued[] = [];
  /** Chains a batch in flight is extending. */
  private readonly busy = new Set<string>();
  private writers = 0;

  /**
   * Append events; resolves once they are committed. Concurrent appends are written together (group commit, one
   * statement per batch, a few batches in flight). Appends to a chain that a batch in flight is extending wait for
   * it and go together in the next batch, instead of each waiting on that chain's head lock in the database with a
   * commit of its own: a busy patient costs one round trip for many requests, and other patients' batches go ahead.
   */
  append(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, chains: new Set(events.map(chainOf)), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.writers < IN_FLIGHT) {
      const batch = this.take();
      if (batch.length === 0) return;
      const chains = new Set(batch.flatMap((b) => [...b.chains]));
      for (const c of chains) this.busy.add(c);
      this.writers += 1;
      void this.write(batch.flatMap((b) => b.events)).then(
        () => batch.forEach((b) => b.resolve()),
        (e: unknown) => batch.forEach((b) => b.reject(e)),
      ).finally(() => {
        this.writers -= 1;
        for (const c of chains) this.busy.delete(c);
        this.pump();
      });
    }
  }

  /**
   * The next batch, oldest first: queued appends none of whose chains is being extended by a batch in flight. An
   * append left waiting keeps its chains for itself, so no later append overtakes it on a chain (each chain is
   * appended in the order its events were queued, and a waiting append goes as soon as its chains are free).
   */
  private take(): Queued[] {
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    const held = new Set(this.busy);
    for (const q of this.queue) {
      if (batch.length < MAX_BATCH && ![...q.chains].some((c) => held.has(c))) batch.push(q);
      else {
        rest.push(q);
        for (const c of q.chains) held.add(c);
      }
    }
    this.queue = rest;
    return batch;
  }

  /** One statement, one round trip (retried when the database chose it as a deadlock victim, which commits nothing). */
  private async write(events: AuditEventInput[]): Promise<void> {
    const payload = appendPayload(events);
    const notices = notificationInsert(events);
    for (let attempt = 1; ; attempt++) {
      try {
        if (!notices) {
          await this.ds.query(append(), [payload]);
          return;
        }
        // What the events tell people commits with them (notifications are an outbox of the trail).
        await this.ds.transaction(async (m) => {
          await m.query(append(), [payload]);
          await m.query(notices.sql, notices.params);
        });
        return;
      } catch (e) {
        if (attempt >= 3 || !retryable(e)) throw e;
      }
    }
  }

  /**
   * Append inside the caller's open transaction (`tx` is its connection): the events commit or roll back with the
   * caller's write, so a consent or seal never exists without its audit event, nor the other way round. Only the
   * patient's chain head stays locked until the caller commits.
   */
  async appendWith(tx: Sql, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(append(), [appendPayload(events)]);
    // What the events tell people commits with them (notifications are an outbox of the trail).
    const notices = notificationInsert(events);
    if (notices) await tx.query(notices.sql, notices.params);
  }

  /**
   * Recompute every chain (and the legacy global chain of rows written before chains), and compare each chain's
   * last link with its head; returns the sequence number of the first broken event, or null when intact.
   */
  async verify(batch = 5000): Promise<VerifyResult> {
    return verifyChains(this.ds, batch);
  }

  /** Events after `afterSeq` in chain order, optionally of one patient (export). */
  async page(afterSeq: number, limit: number, patientId?: string | null): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(`SELECT * FROM consent.audit_events WHERE seq > $1 AND ($2::text IS NULL OR patient_id = $2) ORDER BY seq LIMIT $3`,
      [afterSeq, patientId ?? null, limit])) as AuditRow[];
    return rows.map(fromRow);
  }

  /** Recorded decisions (reads and operations) since a time, after a sequence number, in chain order (policy simulation). */
  async decisionsSince(since: Date, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(`SELECT * FROM consent.audit_events WHERE event_type IN ('access', 'operation') AND at >= $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [since.toISOString(), afterSeq, limit])) as AuditRow[];
    return rows.map(fromRow);
  }

  async forPatient(patientId: string, opts: { beforeSeq?: number; limit: number; excludeActorSub?: string; since?: Date }): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(
      `SELECT * FROM consent.audit_events
        WHERE patient_id = $1 AND ($2::bigint IS NULL OR seq < $2) AND ($3::text IS NULL OR actor_sub <> $3)
          AND ($5::timestamptz IS NULL OR at > $5)
        ORDER BY seq DESC LIMIT $4`,
      [patientId, opts.beforeSeq ?? null, opts.excludeActorSub ?? null, opts.limit, opts.since?.toISOString() ?? null],
    )) as AuditRow[];
    return rows.map(fromRow);
  }

  /**
   * The patient's access log, newest first: every event about her except her own doings (those are in her consents
   * and seals), with repeated denials of
   * one actor for one category in the same clock hour folded into one line with a count (the trail keeps every
   * event). Paged by the newest sequence number of each line.
   */
  async accessLog(patientId: string, opts: { beforeSeq?: number; limit: number; selfSub?: string; since?: Date }): Promise<(AuditEvent & { count: number })[]> {
    const rows = (await this.ds.query(
      `WITH ev AS (
         SELECT *, CASE WHEN event_type = 'access' AND decision = 'DENY'
                        THEN actor_sub || '|' || coalesce(category, '') || '|' || to_char(date_trunc('hour', at), 'YYYYMMDDHH24')
                        ELSE seq::text END AS grp
           FROM consent.audit_events
          WHERE patient_id = $1 AND actor_sub <> $3 AND ($5::timestamptz IS NULL OR at > $5))
       SELECT e.*, g.n AS count FROM (SELECT max(seq) AS seq, count(*)::int AS n FROM ev GROUP BY grp
                                       HAVING ($2::bigint IS NULL OR max(seq) < $2) ORDER BY max(seq) DESC LIMIT $4) g
         JOIN ev e ON e.seq = g.seq ORDER BY e.seq DESC`,
      [patientId, opts.beforeSeq ?? null, opts.selfSub ?? "", opts.limit, opts.since?.toISOString() ?? null],
    )) as (AuditRow & { count: number })[];
    return rows.map((r) => ({ ...fromRow(r), count: Number(r.count) }));
  }
}
