import type { MigrationInterface, QueryRunner } from "typeorm";
import { AUDIT_APPEND_V1 } from "./1700000000023-audit-chains.js";

/**
 * `consent.audit_append` with less work per batch (issue #23): the chain's head is locked and read in one statement
 * when the batch reaches that chain (the events are walked in chain order, so heads are still locked in chain order
 * and two batches never deadlock), and a head is created only for a chain that has none. The version it replaces
 * first collected the batch's chains, tried to insert a head for every one of them (`ON CONFLICT DO NOTHING`), locked
 * them all and then read each again: about a third of the database time of a one-event batch (README,
 * "Performance"). The link it computes is unchanged: sha256(prev | seq | chain | pos | at | content), verified by
 * `policies/src/audit/chain.ts`.
 */
export const AUDIT_APPEND_V2 = `CREATE OR REPLACE FUNCTION consent.audit_append(ev jsonb) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        r record; cur text; p bigint; prev text; t timestamptz; s bigint; link text; n integer := 0;
        now_ms timestamptz := date_trunc('milliseconds', clock_timestamp());
      BEGIN
        FOR r IN SELECT * FROM jsonb_to_recordset(ev) AS x(ord int, chain text, content text, event_type text,
            request_id text, actor_sub text, actor_role text, actor_org text, purpose text, patient_id text, category text,
            record_ids text[], decision text, rule text, emergency_access_id text, detail jsonb) ORDER BY x.chain, x.ord LOOP
          IF cur IS DISTINCT FROM r.chain THEN
            IF cur IS NOT NULL THEN UPDATE consent.audit_heads SET pos = p, hash = prev, at = t WHERE chain = cur; END IF;
            -- the next chain's head, locked (chains are visited in order: no deadlock between batches); nothing else waits
            SELECT hd.pos, hd.hash, greatest(now_ms, hd.at) INTO p, prev, t FROM consent.audit_heads hd WHERE hd.chain = r.chain FOR UPDATE;
            IF NOT FOUND THEN
              INSERT INTO consent.audit_heads (chain, pos, hash, at) VALUES (r.chain, 0, repeat('0', 64), '-infinity') ON CONFLICT DO NOTHING;
              SELECT hd.pos, hd.hash, greatest(now_ms, hd.at) INTO p, prev, t FROM consent.audit_heads hd WHERE hd.chain = r.chain FOR UPDATE;
            END IF;
            cur := r.chain;
          END IF;
          p := p + 1;
          n := n + 1;
          s := nextval('consent.audit_seq');
          link := encode(sha256(convert_to(prev || '|' || s || '|' || cur || '|' || p || '|'
            || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '|' || r.content, 'UTF8')), 'hex');
          INSERT INTO consent.audit_events (seq, at, event_type, request_id, actor_sub, actor_role, actor_org, purpose, patient_id,
            category, record_ids, decision, rule, emergency_access_id, detail, prev_hash, hash, chain, chain_pos)
          VALUES (s, t, r.event_type, r.request_id, r.actor_sub, r.actor_role, r.actor_org, r.purpose, r.patient_id, r.category,
            r.record_ids, r.decision, r.rule, r.emergency_access_id, r.detail, prev, link, cur, p);
          prev := link;
        END LOOP;
        IF cur IS NOT NULL THEN UPDATE consent.audit_heads SET pos = p, hash = prev, at = t WHERE chain = cur; END IF;
        RETURN n;
      END $$`;

export class ConsentAuditAppendLazyLocks1700000000031 implements MigrationInterface {
  name = "ConsentAuditAppendLazyLocks1700000000031";
  async up(q: QueryRunner): Promise<void> {
    await q.query(AUDIT_APPEND_V2);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(AUDIT_APPEND_V1);
  }
}
