import type { MigrationInterface, QueryRunner } from "typeorm";

/** The append as this migration created it (migration `1700000000031` replaces it; its `down` restores this). */
export const AUDIT_APPEND_V1 = `CREATE OR REPLACE FUNCTION consent.audit_append(ev jsonb) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        r record; cur text; p bigint; prev text; t timestamptz; s bigint; link text; chains text[];
        now_ms timestamptz := date_trunc('milliseconds', clock_timestamp());
      BEGIN
        SELECT array_agg(DISTINCT x->>'chain' ORDER BY x->>'chain') INTO chains FROM jsonb_array_elements(ev) AS x;
        IF chains IS NULL THEN RETURN 0; END IF;
        INSERT INTO consent.audit_heads (chain, pos, hash, at)
          SELECT c, 0, repeat('0', 64), '-infinity' FROM unnest(chains) AS c ORDER BY c ON CONFLICT DO NOTHING;
        -- the heads of this batch's chains, locked in chain order (no deadlock between batches); nothing else waits
        PERFORM 1 FROM consent.audit_heads WHERE chain = ANY(chains) ORDER BY chain FOR UPDATE;
        FOR r IN SELECT * FROM jsonb_to_recordset(ev) AS x(ord int, chain text, content text, event_type text,
            request_id text, actor_sub text, actor_role text, actor_org text, purpose text, patient_id text, category text,
            record_ids text[], decision text, rule text, emergency_access_id text, detail jsonb) ORDER BY x.chain, x.ord LOOP
          IF cur IS DISTINCT FROM r.chain THEN
            IF cur IS NOT NULL THEN UPDATE consent.audit_heads SET pos = p, hash = prev, at = t WHERE chain = cur; END IF;
            SELECT hd.pos, hd.hash, greatest(now_ms, hd.at) INTO p, prev, t FROM consent.audit_heads hd WHERE hd.chain = r.chain;
            cur := r.chain;
          END IF;
          p := p + 1;
          s := nextval('consent.audit_seq');
          link := encode(sha256(convert_to(prev || '|' || s || '|' || cur || '|' || p || '|'
            || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '|' || r.content, 'UTF8')), 'hex');
          INSERT INTO consent.audit_events (seq, at, event_type, request_id, actor_sub, actor_role, actor_org, purpose, patient_id,
            category, record_ids, decision, rule, emergency_access_id, detail, prev_hash, hash, chain, chain_pos)
          VALUES (s, t, r.event_type, r.request_id, r.actor_sub, r.actor_role, r.actor_org, r.purpose, r.patient_id, r.category,
            r.record_ids, r.decision, r.rule, r.emergency_access_id, r.detail, prev, link, cur, p);
          prev := link;
        END LOOP;
        UPDATE consent.audit_heads SET pos = p, hash = prev, at = t WHERE chain = cur;
        RETURN jsonb_array_length(ev);
      END $$`;

/**
 * The audit trail as many independent hash chains (one per patient, and 64 shards for events about no patient)
 * appended in one statement per batch: `consent.audit_append(jsonb)` locks only the heads of the chains it extends
 * (in chain order, so two batches never deadlock), links each event to its chain's head and moves the head on.
 * Appends for different patients never wait on each other, on any replica; there is no hub-wide lock.
 *
 * An event's link hash is sha256(prev | seq | chain | pos | at | content) where `content` is the sha256 of the
 * event's canonical fields computed by the writer (see `policies/src/audit/chain.ts`, which verifies the same form).
 * Rows written before this migration keep their one global chain; its last link becomes the head `legacy`.
 */
export class ConsentAuditChains1700000000023 implements MigrationInterface {
  name = "ConsentAuditChains1700000000023";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE consent.audit_seq`);
    await q.query(`SELECT setval('consent.audit_seq', coalesce((SELECT max(seq) FROM consent.audit_events), 0) + 1, false)`);
    await q.query(`ALTER TABLE consent.audit_events ADD COLUMN chain text, ADD COLUMN chain_pos bigint`);
    await q.query(`CREATE UNIQUE INDEX audit_chain_pos ON consent.audit_events (chain, chain_pos) WHERE chain IS NOT NULL`);
    await q.query(`CREATE TABLE consent.audit_heads (chain text PRIMARY KEY, pos bigint NOT NULL, hash text NOT NULL, at timestamptz NOT NULL)`);
    await q.query(`INSERT INTO consent.audit_heads (chain, pos, hash, at)
      SELECT 'legacy', count(*), coalesce((SELECT hash FROM consent.audit_events ORDER BY seq DESC LIMIT 1), repeat('0', 64)), coalesce(max(at), '-infinity')
        FROM consent.audit_events`);
    await q.query(AUDIT_APPEND_V1);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION consent.audit_append(jsonb)`);
    await q.query(`DROP TABLE consent.audit_heads`);
    await q.query(`DROP INDEX consent.audit_chain_pos`);
    await q.query(`ALTER TABLE consent.audit_events DROP COLUMN chain, DROP COLUMN chain_pos`);
    await q.query(`DROP SEQUENCE consent.audit_seq`);
  }
}
