import { ConflictError, NotFoundError, informational, operationOutcome, sendJson } from "@hub/common";
import { visibleJob } from "../extraction/job-access.js";
import { cancelExtraction } from "../extraction/job-control.js";
import type { ExtractionOutput } from "../extraction/job.type.js";
import type { Row } from "../extraction/sql.js";
import type { BulkRequest } from "./route.js";

const FHIR_JSON = { "content-type": "application/fhir+json; charset=utf-8" };

export const fileUrl = (base: string, jobId: string, type: string) => `${base}/fhir/bulkfiles/${jobId}/${type}.ndjson`;

/** The files a Bulk Data client may fetch: the job's output, narrowed to the `_type` of its kick-off. */
export function bulkOutput(job: Row): ExtractionOutput[] {
  const types = job.types as string[] | null;
  return (job.manifest.output as ExtractionOutput[]).filter((o) => !types || types.includes(o.type));
}

/** The Bulk Data complete-status body (IG v2): transactionTime, request, requiresAccessToken, output, error. */
function manifest(job: Row, base: string): Record<string, unknown> {
  const m = job.manifest as Record<string, unknown>;
  return {
    transactionTime: m.transactionTime, request: job.export_request ?? `${base}/fhir/Group/${job.request_id}/$export`, requiresAccessToken: true,
    output: bulkOutput(job).map((o) => ({ type: o.type, url: fileUrl(base, job.id, o.type), count: o.count })), error: [],
    extension: m.extension,
  };
}

/**
 * `GET /fhir/bulkstatus/{jobId}`: 202 with X-Progress while the extraction runs, 200 with the manifest when it has
 * SUCCEEDED, 500 with an OperationOutcome when it FAILED, 404 once cancelled (Bulk Data IG status request).
 */
export async function exportStatus({ res, base, recorded }: BulkRequest, jobId: string): Promise<void> {
  const job = await visibleJob(jobId);
  await recorded();
  switch (job.status) {
    case "QUEUED":
    case "RUNNING":
      return void res.writeHead(202, { "x-progress": job.status === "QUEUED" ? "queued" : `${job.phase} ${job.progress}%`, "retry-after": "1", "cache-control": "no-store" }).end();
    case "SUCCEEDED":
      return sendJson(res, 200, manifest(job, base), { "content-type": "application/json; charset=utf-8", expires: new Date(Date.now() + 3600_000).toUTCString() });
    case "FAILED": {
      const errors = ((job.errors ?? []) as { message: string }[]).map((e) => e.message).join("; ");
      return sendJson(res, 500, operationOutcome("INTERNAL", `the export failed${errors ? `: ${errors}` : ""}`), FHIR_JSON);
    }
    default:
      throw new NotFoundError("this export was cancelled");
  }
}

/** `DELETE /fhir/bulkstatus/{jobId}`: cancels a queued or running export (202); nothing of it is released. */
export async function cancelExport({ res }: BulkRequest, jobId: string): Promise<void> {
  const job = await visibleJob(jobId);
  if (job.status === "CANCELLED") throw new NotFoundError("this export was cancelled");
  if (job.status === "SUCCEEDED") throw new ConflictError("the export has completed; there is nothing to cancel and its files stay available to the project");
  await cancelExtraction(job, "bulk-data");
  sendJson(res, 202, informational(`export ${jobId} cancelled`), FHIR_JSON);
}
