import { randomBytes } from "node:crypto";
import type { Sql } from "../extraction/sql.js";
import { Pseudonymizer } from "./pseudonym.js";

/**
 * The only code that reads `research_keys.project_keys`. A project's key is created on its first extraction and
 * reused for every later one (follow-up extractions link); it is never returned through the API or logged.
 * Production: this schema belongs to a separate role and the API role has no privilege on it (docs/secondary-use.md).
 * Used for pseudonymised releases (加工形態 PSEUDONYMISED); anonymised ones use jobPseudonymizer.
 */
export async function projectPseudonymizer(sql: Sql, projectId: string): Promise<Pseudonymizer> {
  await sql.query(`INSERT INTO research_keys.project_keys (project_id, hmac_key) VALUES ($1, $2) ON CONFLICT (project_id) DO NOTHING`,
    [projectId, randomBytes(32)]);
  const [row] = await sql.query(`SELECT hmac_key FROM research_keys.project_keys WHERE project_id = $1`, [projectId]);
  return new Pseudonymizer(Buffer.from(row.hmac_key as Buffer));
}

/**
 * An anonymised extraction's own random key (加工形態 ANONYMISED): pseudonyms and record ids mean nothing outside this
 * one extraction, so two releases cannot be linked. Kept only while the job runs (a resumed job needs the same ids)
 * and destroyed when it ends (forgetJobKey): afterwards nobody, the hub included, can link a release to anything.
 */
export async function jobPseudonymizer(sql: Sql, jobId: string): Promise<Pseudonymizer> {
  await sql.query(`INSERT INTO research_keys.job_keys (job_id, hmac_key) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING`, [jobId, randomBytes(32)]);
  const [row] = await sql.query(`SELECT hmac_key FROM research_keys.job_keys WHERE job_id = $1`, [jobId]);
  return new Pseudonymizer(Buffer.from(row.hmac_key as Buffer));
}

export async function forgetJobKey(sql: Sql, jobId: string): Promise<void> {
  await sql.query(`DELETE FROM research_keys.job_keys WHERE job_id = $1`, [jobId]);
}
