import { once } from "node:events";
import { ConflictError, NotFoundError, dataSource } from "@hub/common";
import { audit } from "@hub/policies";
import { visibleJob } from "../extraction/job-access.js";
import { sqlOf } from "../extraction/sql.js";
import type { BulkRequest } from "./route.js";
import { bulkOutput } from "./status.js";

const BATCH = 1000;

/**
 * `GET /fhir/bulkfiles/{jobId}/{type}.ndjson`: one output file as FHIR NDJSON, streamed in keyset batches (memory
 * holds one batch whatever the file size) with backpressure. The same operation as `extractionFile` (research-download:
 * the requesting project's researcher), only once SUCCEEDED, and audited (`extraction-downloaded`) before a line leaves.
 */
export async function downloadFile({ res, recorded }: BulkRequest, jobId: string, type: string): Promise<void> {
  const job = await visibleJob(jobId);
  if (job.status !== "SUCCEEDED") throw new ConflictError(`the export is ${job.status}; files are released when it has completed`);
  const file = bulkOutput(job).find((o) => o.type === type);
  if (!file) throw new NotFoundError(`no ${type} file in this export`);
  await audit().event({ eventType: "extraction-downloaded", detail: { jobId, projectId: job.project_id, type, lines: file.count, via: "bulk-data" } });
  await recorded();
  res.writeHead(200, { "content-type": "application/fhir+ndjson", "cache-control": "private, no-store" });
  const sql = sqlOf(dataSource("research"));
  for (let after = "0"; ;) {
    const rows = await sql.query(`SELECT n::text AS pos, line FROM research.extraction_outputs WHERE job_id = $1 AND resource_type = $2 AND n > $3::bigint
      ORDER BY n LIMIT ${BATCH}`, [jobId, type, after]);
    if (rows.length === 0 || res.destroyed) break;
    if (!res.write(rows.map((r) => `${r.line}\n`).join(""))) await once(res, "drain");
    after = rows[rows.length - 1].pos;
  }
  res.end();
}
