import { randomBytes } from "node:crypto";
import type { Sql } from "../extraction/sql.js";
import { Pseudonymizer } from "./pseudonym.js";

/**
 * The only code that reads `research_keys.project_keys`. A project's key is created on its first extraction and
 * reused for every later one (follow-up extractions link); it is never returned through the API or logged.
 * Production: this schema belongs to a separate role and the API role has no privilege on it (docs/secondary-use.md).
 */
export async function projectPseudonymizer(sql: Sql, projectId: string): Promise<Pseudonymizer> {
  await sql.query(`INSERT INTO research_keys.project_keys (project_id, hmac_key) VALUES ($1, $2) ON CONFLICT (project_id) DO NOTHING`,
    [projectId, randomBytes(32)]);
  const [row] = await sql.query(`SELECT hmac_key FROM research_keys.project_keys WHERE project_id = $1`, [projectId]);
  return new Pseudonymizer(Buffer.from(row.hmac_key as Buffer));
}
