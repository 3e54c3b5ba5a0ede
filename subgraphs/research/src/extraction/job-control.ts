import { randomUUID } from "node:crypto";
import { ConflictError, dataSource, type Actor } from "@hub/common";
import { audit } from "@hub/policies";
import { kickExtractionWorker } from "./extraction.job.js";
import { discardOutputs } from "./job-store.js";
import { sqlOf, type Row } from "./sql.js";

/**
 * Queue an extraction of an approved request (GraphQL `runExtraction` and the Bulk Data kick-off): one active run per
 * request (CONFLICT otherwise), audited, picked up by the background worker. A Bulk Data kick-off also records the
 * resource types asked for (`_type`, null = all) and its request URL (the manifest's `request`).
 */
export async function startExtraction(request: Row, actor: Actor, bulk?: { types: string[] | null; requestUrl: string }): Promise<string> {
  if (request.status !== "APPROVED") throw new ConflictError(`the dataset request is ${request.status}, not APPROVED`);
  const sql = sqlOf(dataSource("research"));
  const id = randomUUID();
  await sql.tx(async (q) => {
    await q.query(`SELECT id FROM research.dataset_requests WHERE id = $1 FOR UPDATE`, [request.id]);
    const active = await q.query(`SELECT id FROM research.extraction_jobs WHERE request_id = $1 AND status IN ('QUEUED','RUNNING')`, [request.id]);
    if (active.length > 0) throw new ConflictError(`extraction ${active[0].id} of this request is still running`);
    await q.query(`INSERT INTO research.extraction_jobs (id, request_id, project_id, status, created_by, types, export_request) VALUES ($1, $2, $3, 'QUEUED', $4, $5, $6)`,
      [id, request.id, request.project_id, actor.sub, bulk?.types ?? null, bulk?.requestUrl ?? null]);
  });
  await audit().event({ eventType: "extraction-started", detail: { jobId: id, requestId: request.id, projectId: request.project_id, ...(bulk ? { via: "bulk-data", types: bulk.types } : {}) } });
  kickExtractionWorker();
  return id;
}

/** Cancel a queued or running extraction (GraphQL `cancelExtraction`, Bulk Data DELETE): nothing of it is released. */
export async function cancelExtraction(job: Row, via?: string): Promise<void> {
  const cancelled = await sqlOf(dataSource("research")).tx(async (q) => {
    const rows = await q.query(`UPDATE research.extraction_jobs SET status = 'CANCELLED', finished_at = now(), lease_until = NULL, cursor = NULL
      WHERE id = $1 AND status IN ('QUEUED','RUNNING') RETURNING id`, [job.id]);
    if (rows.length > 0) await discardOutputs(q, job.id);
    return rows.length > 0;
  });
  if (!cancelled) throw new ConflictError(`the extraction has already ended (${job.status})`);
  await audit().event({ eventType: "extraction-cancelled", detail: { jobId: job.id, requestId: job.request_id, projectId: job.project_id, phase: job.phase, progress: job.progress, ...(via ? { via } : {}) } });
}
