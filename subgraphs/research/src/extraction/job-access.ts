import { NotFoundError, dataSource, requestContext, type OperationDeclaration, type OperationFacts } from "@hub/common";
import { requestFacts } from "../request/request.store.js";
import type { AnonymityReport, ExtractionJob, ExtractionOutput, ExtractionStatus } from "./job.type.js";
import { sqlOf, type Row } from "./sql.js";

export const JOB_SELECT = `SELECT j.*, r.requester_sub, r.processing, p.owner_sub FROM research.extraction_jobs j
  JOIN research.dataset_requests r ON r.id = j.request_id JOIN research.projects p ON p.id = j.project_id`;

export const toJob = (r: Row): ExtractionJob => {
  const manifest = r.status === "SUCCEEDED" ? r.manifest : null;
  return {
    id: r.id, requestId: r.request_id, projectId: r.project_id, status: r.status as ExtractionStatus, progress: Number(r.progress),
    phase: r.phase, attempts: Number(r.attempts), counts: r.counts, anonymity: (r.anonymity as AnonymityReport | null) ?? null,
    errors: ((r.errors ?? []) as { message: string }[]).map((e) => e.message), output: (manifest?.output ?? []) as ExtractionOutput[],
    manifest, createdAt: new Date(r.created_at), startedAt: r.started_at ? new Date(r.started_at) : null, finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
};

async function jobRow(id: string): Promise<Row | undefined> {
  return (await sqlOf(dataSource("research")).query(`${JOB_SELECT} WHERE j.id = $1`, [id]))[0];
}

/** An extraction job; NOT_FOUND when there is none. Who may see it the PDP decided from `jobFacts` before. */
export async function visibleJob(id: string): Promise<Row> {
  const row = await jobRow(id);
  if (!row) throw new NotFoundError("no such extraction job");
  return row;
}

/** Whose job this is: the caller's when they requested it or own its project; an unknown id is nobody's. */
export async function jobFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const row = await jobRow(String(args.jobId ?? args.id));
  const sub = requestContext().actor.sub;
  return row ? { own: row.requester_sub === sub || row.owner_sub === sub } : { absent: true };
}

/**
 * The operations of released data, declared once for the GraphQL fields and the FHIR Bulk Data routes alike: the
 * files of a job, and the export of a request's cohort, are the requesting project's researcher's (the policy's
 * `research-download` lines); what is someone else's is as unknown as what does not exist.
 */
export const DOWNLOAD_JOB: OperationDeclaration = { action: "research-download", hideResource: true, facts: jobFacts, notFound: "no such extraction job" };
export const EXPORT_REQUEST: OperationDeclaration = { action: "research-download", hideResource: true, facts: requestFacts, notFound: "no such dataset request" };
