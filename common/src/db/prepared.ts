import { createHash } from "node:crypto";

/**
 * Server-side prepared statements for the hub's hot, fixed-text queries (a patient's attributes, the audit append,
 * the gateway's trust lookup). PostgreSQL then parses and plans such a statement once per connection instead of once
 * per request: for the attribute read, with its six sub-selects, planning is most of its cost (measured on the bench
 * machine: 0.65 ms of backend CPU unprepared, 0.1 ms prepared).
 *
 * Only on a PostgreSQL server. The embedded PGlite is one session shared by every connection of the wire server
 * (`pglite-server.ts`), so a name one connection prepared already exists for the next, which would then fail; there
 * the query text is sent as before. Which one it is, is read once from the server (`detectPreparedStatements`).
 */
let enabled = false;
const names = new Map<string, { name: string; text: string }>();

/** A prepared-statement name derived from the text, so one name never stands for two texts. */
function configFor(text: string): { name: string; text: string } {
  let c = names.get(text);
  if (!c) names.set(text, (c = { name: `hub_${createHash("sha256").update(text).digest("hex").slice(0, 20)}`, text }));
  return c;
}

/**
 * The query to send for `text`: node-postgres's named query config on PostgreSQL, the text itself on PGlite.
 * TypeORM's `query` hands it to node-postgres untouched (its type says string; the cast is confined to here).
 */
export function prepared(text: string): string {
  return enabled ? (configFor(text) as unknown as string) : text;
}

/**
 * Read the server's version once at start-up: prepared statements on for PostgreSQL, off for PGlite, and off when
 * configured so (`DB_PREPARED_STATEMENTS=false`, behind a pooler that does not track them: docs/scaling.md).
 */
export async function detectPreparedStatements(db: { query(sql: string): Promise<unknown> }, allowed = true): Promise<boolean> {
  if (!allowed) return (enabled = false);
  const rows = (await db.query("SELECT version() AS v")) as { v: string }[];
  enabled = !/PGlite/i.test(rows[0]?.v ?? "PGlite");
  return enabled;
}

/** Whether queries are sent as prepared statements. */
export function preparedStatementsEnabled(): boolean {
  return enabled;
}
