import type { DataSource } from "typeorm";
import { fromRow, type AuditRow } from "./audit-store.js";
import { GENESIS, contentHash, eventHash, linkHash } from "./chain.js";

export interface VerifyResult {
  /** Events whose links were recomputed and found intact. */
  events: number;
  /** Sequence number of the first broken event (0 when a head has lost all its events), or null when intact. */
  brokenAt: number | null;
  reason?: string;
  /** Chains verified (the legacy global chain counts as one). */
  chains?: number;
}

type Row = AuditRow & { head_pos: string; head_hash: string };

/**
 * Recompute every link of every chain: positions without gaps from 1, each event's `prev_hash` equal to its
 * predecessor's hash, each hash equal to the recomputed link, and the chain's last link equal to its head in
 * `consent.audit_heads` (so a removed tail shows). Rows from before per-patient chains are checked as the one global
 * chain they were written as, ending at the head `legacy`.
 */
export async function verifyChains(ds: DataSource, batch = 5000): Promise<VerifyResult> {
  let count = 0;
  let chains = 0;
  // the legacy chain: one sequence over seq
  const [legacy] = (await ds.query(`SELECT pos, hash FROM consent.audit_heads WHERE chain = 'legacy'`)) as { pos: string; hash: string }[];
  let prev = GENESIS;
  let expected = 1;
  let lastSeq = 0;
  for (;;) {
    const rows = (await ds.query(`SELECT * FROM consent.audit_events WHERE chain IS NULL AND seq >= $1 ORDER BY seq LIMIT $2`, [expected, batch])) as AuditRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const e = fromRow(r);
      if (e.seq !== expected) return { events: count, brokenAt: expected, reason: "missing event", chains };
      if (e.prevHash !== prev) return { events: count, brokenAt: e.seq, reason: "previous hash does not match", chains };
      if (eventHash(prev, e.seq, e) !== e.hash) return { events: count, brokenAt: e.seq, reason: "event content was altered", chains };
      prev = e.hash;
      lastSeq = e.seq;
      expected += 1;
      count += 1;
    }
  }
  if (legacy && (Number(legacy.pos) !== expected - 1 || legacy.hash !== prev)) {
    return { events: count, brokenAt: lastSeq, reason: "legacy chain does not end at its head", chains };
  }
  if (expected > 1 || legacy) chains += 1;

  // the chains, in (chain, position) order
  let cur: { chain: string; pos: number; hash: string; seq: number; headPos: number; headHash: string } | null = null;
  const endOf = (c: NonNullable<typeof cur>): VerifyResult | null =>
    c.pos !== c.headPos || c.hash !== c.headHash ? { events: count, brokenAt: c.seq, reason: `chain ${c.chain} does not end at its head`, chains } : null;
  let after: [string, number] = ["", 0];
  for (;;) {
    const rows = (await ds.query(
      `SELECT e.*, h.pos AS head_pos, h.hash AS head_hash FROM consent.audit_events e LEFT JOIN consent.audit_heads h ON h.chain = e.chain
        WHERE e.chain IS NOT NULL AND (e.chain, e.chain_pos) > ($1, $2) ORDER BY e.chain, e.chain_pos LIMIT $3`,
      [after[0], after[1], batch])) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const e = fromRow(r);
      const chain = e.chain!;
      const pos = e.chainPos!;
      if (!cur || cur.chain !== chain) {
        if (cur) { const bad = endOf(cur); if (bad) return bad; }
        cur = { chain, pos: 0, hash: GENESIS, seq: 0, headPos: Number(r.head_pos ?? -1), headHash: r.head_hash ?? "" };
        chains += 1;
      }
      if (pos !== cur.pos + 1) return { events: count, brokenAt: e.seq, reason: "missing event", chains };
      if (e.prevHash !== cur.hash) return { events: count, brokenAt: e.seq, reason: "previous hash does not match", chains };
      if (linkHash(cur.hash, e.seq, chain, pos, e.at, contentHash(e)) !== e.hash) return { events: count, brokenAt: e.seq, reason: "event content was altered", chains };
      cur = { ...cur, pos, hash: e.hash, seq: e.seq };
      count += 1;
      after = [chain, pos];
    }
  }
  if (cur) { const bad = endOf(cur); if (bad) return bad; }
  const [orphan] = (await ds.query(
    `SELECT h.chain, h.pos FROM consent.audit_heads h WHERE h.chain <> 'legacy' AND h.pos > 0
        AND NOT EXISTS (SELECT 1 FROM consent.audit_events e WHERE e.chain = h.chain) LIMIT 1`)) as { chain: string; pos: string }[];
  if (orphan) return { events: count, brokenAt: 0, reason: `chain ${orphan.chain} has lost its ${orphan.pos} events`, chains };
  return { events: count, brokenAt: null, chains };
}
