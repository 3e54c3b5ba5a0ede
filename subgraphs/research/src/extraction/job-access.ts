import { ForbiddenError, NotFoundError, dataSource, requestContext, requireRole, type Actor } from "@hub/common";
import { visibleRequest } from "../request/request.store.js";
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

/** A job the caller may see: a data steward any; a researcher the jobs of their own requests; else NOT_FOUND. */
export async function visibleJob(id: string): Promise<Row> {
  const { actor } = requestContext();
  const [row] = await sqlOf(dataSource("research")).query(`${JOB_SELECT} WHERE j.id = $1`, [id]);
  if (!row || (actor.role !== "data_steward" && !(actor.role === "researcher" && row.requester_sub === actor.sub))) throw new NotFoundError("no such extraction job");
  return row;
}

/**
 * The one rule for released data (GraphQL `extractionFile` and every FHIR Bulk Data route): only the researcher who
 * owns the requesting project. Others get FORBIDDEN (rule research-download), or NOT_FOUND where they may not see it.
 */
function projectResearcher(ownerSub: string, actor: Actor): Actor {
  if (ownerSub !== actor.sub) throw new ForbiddenError("only the requesting project's researcher downloads its files", { rule: "research-download" });
  return actor;
}
const researcher = () => requireRole(["researcher"], "dataset files are for the requesting project's researcher", "research-download");

/** An extraction's files (and its Bulk Data status and cancel): the job row, for the requesting project's researcher. */
export async function fileAccess(jobId: string): Promise<{ actor: Actor; job: Row }> {
  const actor = researcher();
  const job = await visibleJob(jobId);
  return { actor: projectResearcher(job.owner_sub, actor), job };
}

/** A Bulk Data `$export` of a dataset request: the request row, for the requesting project's researcher. */
export async function exportAccess(requestId: string): Promise<{ actor: Actor; request: Row }> {
  const actor = researcher();
  const request = await visibleRequest(requestId);
  return { actor: projectResearcher(request.owner_sub, actor), request };
}
