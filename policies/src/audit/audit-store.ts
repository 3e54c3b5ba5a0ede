import { createHash } from "node:crypto";
import type pg from "pg";
import type { DataSource } from "typeorm";
import { canonicalJson } from "./canonical.js";
import { notificationInsert } from "../notifications/notification.rules.js";

export type AuditEventType =
  | "access" | "consent-granted" | "consent-revoked" | "seal-placed" | "seal-removed"
  | "emergency-started" | "emergency-used" | "emergency-ended" | "emergency-lookup" | "policy-changed" | "card-consent" | "consent-shared" | "document-registered" | "document-retrieved"
  | "document-withdrawn" | "document-prefetched" | "attachment-downloaded" | "clinical-submitted" | "retention-purged"
  | "dataset-request-submitted" | "dataset-request-reviewed" | "extraction-started" | "extraction-finished" | "extraction-cancelled"
  | "extraction-downloaded" | "secondary-use-opt-out" | "secondary-use-opt-in"
  | "institution-changed" | "client-changed" | "token-issued" | "token-refused" | "consent-ended" | "access-explained" | "document-retrieval-refused" | "operation"
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
}

export const GENESIS = "0".repeat(64);
const LOCK_KEY = 727_001; // pg advisory lock that serialises appends across processes

/** The hash of an event given its predecessor's hash: sha256(prev | canonical(fields)). */
export function eventHash(prevHash: string, seq: number, e: AuditEventInput): string {
  const body = canonicalJson({
    seq, at: e.at.toISOString(), eventType: e.eventType, requestId: e.requestId ?? null, actorSub: e.actorSub,
    actorRole: e.actorRole, actorOrg: e.actorOrg ?? null, purpose: e.purpose ?? null, patientId: e.patientId ?? null,
    category: e.category ?? null, recordIds: e.recordIds ?? null, decision: e.decision ?? null, rule: e.rule ?? null,
    emergencyAccessId: e.emergencyAccessId ?? null, detail: e.detail ?? null,
  });
  return createHash("sha256").update(`${prevHash}|${body}`).digest("hex");
}

interface Row {
  seq: string; at: Date; event_type: string; request_id: string | null; actor_sub: string; actor_role: string;
  actor_org: string | null; purpose: string | null; patient_id: string | null; category: string | null;
  record_ids: string[] | null; decision: string | null; rule: string | null; emergency_access_id: string | null;
  detail: Record<string, unknown> | null; prev_hash: string; hash: string;
}

export function fromRow(r: Row): AuditEvent {
  return {
    seq: Number(r.seq), at: new Date(r.at), eventType: r.event_type as AuditEventType, requestId: r.request_id,
    actorSub: r.actor_sub, actorRole: r.actor_role, actorOrg: r.actor_org, purpose: r.purpose, patientId: r.patient_id,
    category: r.category, recordIds: r.record_ids, decision: r.decision as AuditEvent["decision"], rule: r.rule,
    emergencyAccessId: r.emergency_access_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
  };
}

interface Head { seq: string; hash: string; at: Date }

/** The INSERT that appends `events` after the chain head `last`, each hashed over its predecessor. */
function chained(last: Head | undefined, events: AuditEventInput[]): { sql: string; params: unknown[] } {
  let seq = last ? Number(last.seq) : 0;
  let prev = last?.hash ?? GENESIS;
  // Time of record, never earlier than the previous event's, so time order and chain order agree.
  const at = new Date(Math.max(Date.now(), last ? new Date(last.at).getTime() : 0));
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const input of events) {
    const e = { ...input, at };
    seq += 1;
    const hash = eventHash(prev, seq, e);
    const base = values.length;
    tuples.push(`(${Array.from({ length: 17 }, (_, i) => `$${base + i + 1}`).join(",")})`);
    values.push(seq, e.at.toISOString(), e.eventType, e.requestId ?? null, e.actorSub, e.actorRole, e.actorOrg ?? null,
      e.purpose ?? null, e.patientId ?? null, e.category ?? null, e.recordIds ?? null, e.decision ?? null, e.rule ?? null,
      e.emergencyAccessId ?? null, e.detail ? JSON.stringify(e.detail) : null, prev, hash);
    prev = hash;
  }
  return {
    sql: `INSERT INTO consent.audit_events (seq, at, event_type, request_id, actor_sub, actor_role, actor_org, purpose,
      patient_id, category, record_ids, decision, rule, emergency_access_id, detail, prev_hash, hash) VALUES ${tuples.join(",")}`,
    params: values,
  };
}

/**
 * Append-only, hash-chained audit trail in `consent.audit_events`. Appends from every process are serialised by a
 * transaction-scoped advisory lock, so the chain is one sequence hub-wide; a trigger refuses updates and deletes.
 * The notifications an event causes (`notifications/notification.rules.ts`) are written in the same transaction.
 */
export class AuditStore {
  constructor(private readonly ds: DataSource) {}

  private queue: { events: AuditEventInput[]; resolve(): void; reject(e: unknown): void }[] = [];
  private flushing: Promise<void> | null = null;

  /**
   * Append events; resolves once they are committed. Concurrent appends are written together in one transaction
   * (group commit), so the chain's lock is taken once per batch, not once per request.
   */
  append(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 200);
        try {
          await this.write(batch.flatMap((b) => b.events));
          batch.forEach((b) => b.resolve());
        } catch (e) {
          batch.forEach((b) => b.reject(e));
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** One transaction, three round trips: BEGIN + lock + chain head; INSERT of the batch; COMMIT. */
  private async write(events: AuditEventInput[]): Promise<void> {
    const runner = this.ds.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    try {
      const results = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_KEY}); SELECT seq, hash, at FROM consent.audit_events ORDER BY seq DESC LIMIT 1`,
      )) as unknown as pg.QueryResult<Head>[];
      const insert = chained(results[2].rows[0], events);
      await client.query(insert.sql, insert.params);
      const notices = notificationInsert(events);
      if (notices) await client.query(notices.sql, notices.params);
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  /**
   * Append inside the caller's open transaction (`tx` is its connection): the events commit or roll back with the
   * caller's write, so a consent or seal never exists without its audit event, nor the other way round.
   */
  async appendWith(tx: { query(sql: string, params?: unknown[]): Promise<unknown> }, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    const [last] = (await tx.query(`SELECT seq, hash, at FROM consent.audit_events ORDER BY seq DESC LIMIT 1`)) as Head[];
    const insert = chained(last, events);
    await tx.query(insert.sql, insert.params);
    // What the events tell people commits with them (notifications are an outbox of the trail).
    const notices = notificationInsert(events);
    if (notices) await tx.query(notices.sql, notices.params);
  }

  /** Recompute the whole chain; returns the first broken sequence number, or null when intact. */
  async verify(batch = 5000): Promise<{ events: number; brokenAt: number | null; reason?: string }> {
    let prev = GENESIS;
    let expected = 1;
    let count = 0;
    for (;;) {
      const rows = (await this.ds.query(`SELECT * FROM consent.audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2`, [expected, batch])) as Row[];
      if (rows.length === 0) return { events: count, brokenAt: null };
      for (const r of rows) {
        const e = fromRow(r);
        if (e.seq !== expected) return { events: count, brokenAt: expected, reason: "missing event" };
        if (e.prevHash !== prev) return { events: count, brokenAt: e.seq, reason: "previous hash does not match" };
        if (eventHash(prev, e.seq, e) !== e.hash) return { events: count, brokenAt: e.seq, reason: "event content was altered" };
        prev = e.hash;
        expected += 1;
        count += 1;
      }
    }
  }

  /** Events after `afterSeq` in chain order, optionally of one patient (export). */
  async page(afterSeq: number, limit: number, patientId?: string | null): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(`SELECT * FROM consent.audit_events WHERE seq > $1 AND ($2::text IS NULL OR patient_id = $2) ORDER BY seq LIMIT $3`,
      [afterSeq, patientId ?? null, limit])) as Row[];
    return rows.map(fromRow);
  }

  /** Recorded decisions (reads and operations) since a time, after a sequence number, in chain order (policy simulation). */
  async decisionsSince(since: Date, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(`SELECT * FROM consent.audit_events WHERE event_type IN ('access', 'operation') AND at >= $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [since.toISOString(), afterSeq, limit])) as Row[];
    return rows.map(fromRow);
  }

  async forPatient(patientId: string, opts: { beforeSeq?: number; limit: number; excludeActorSub?: string; since?: Date }): Promise<AuditEvent[]> {
    const rows = (await this.ds.query(
      `SELECT * FROM consent.audit_events
        WHERE patient_id = $1 AND ($2::bigint IS NULL OR seq < $2) AND ($3::text IS NULL OR actor_sub <> $3)
          AND ($5::timestamptz IS NULL OR at > $5)
        ORDER BY seq DESC LIMIT $4`,
      [patientId, opts.beforeSeq ?? null, opts.excludeActorSub ?? null, opts.limit, opts.since?.toISOString() ?? null],
    )) as Row[];
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
    )) as (Row & { count: number })[];
    return rows.map((r) => ({ ...fromRow(r), count: Number(r.count) }));
  }
}
