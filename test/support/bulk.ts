import type { Client } from "pg";
import { hub } from "./client.js";
import { waitFor } from "./wait.js";

export const gatewayBase = () => hub().gateway.replace(/\/graphql$/, "");

/** A FHIR Bulk Data request to the gateway (a path under it, or an absolute URL the hub handed out). */
export async function bulk(pathOrUrl: string, opts: { token?: string; method?: string; prefer?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(pathOrUrl.startsWith("http") ? pathOrUrl : gatewayBase() + pathOrUrl, {
    method: opts.method ?? "GET",
    headers: {
      accept: "application/fhir+json",
      ...(opts.prefer === false ? {} : { prefer: "respond-async" }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
  });
}

/**
 * Hold an export's job as a second worker would (attempt + 1, a long lease), so the test sees it running for as long as
 * it needs: the hub's own worker is fenced out (its next batch rolls back) and does not claim it while the lease holds.
 * False when the job had already ended.
 */
export async function holdJob(c: Client, jobId: string): Promise<boolean> {
  const r = await c.query(`UPDATE research.extraction_jobs SET status = 'RUNNING', attempts = attempts + 1, lease_until = now() + interval '1 hour',
      started_at = coalesce(started_at, now()), transaction_time = coalesce(transaction_time, now())
    WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id`, [jobId]);
  return r.rowCount === 1;
}

/** Let the lease lapse: the hub's worker claims the job on its next poll and resumes it from its last commit. */
export async function releaseJob(c: Client, jobId: string): Promise<void> {
  await c.query(`UPDATE research.extraction_jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, [jobId]);
}

export const jobIdOf = (statusUrl: string) => statusUrl.split("/").pop()!;

/** Poll a status URL until it stops answering 202 (bounded), as a Bulk Data client does. */
export async function pollUntilDone(statusUrl: string, token: string): Promise<Response> {
  return waitFor(`${statusUrl} to stop answering 202`, async () => {
    const r = await bulk(statusUrl, { token, prefer: false });
    if (r.status !== 202) return r;
    await r.arrayBuffer();
    return undefined;
  });
}
