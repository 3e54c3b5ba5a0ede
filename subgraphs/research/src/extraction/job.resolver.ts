import { randomUUID } from "node:crypto";
import { Arg, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import {
  BadUserInputError, caller, Category, ConflictError, dataSource, NON_PATIENT, NotFoundError, Operation, requestContext, type OperationFacts,
} from "@hub/common";
import { audit } from "@hub/policies";
import { requestFacts, visibleRequest } from "../request/request.store.js";
import { kickExtractionWorker } from "./extraction.job.js";
import { discardOutputs } from "./job-store.js";
import { ExtractionJob, ExtractionStatus, NdjsonPage, type AnonymityReport, type ExtractionOutput } from "./job.type.js";
import { sqlOf, type Row } from "./sql.js";

const JOB_SELECT = `SELECT j.*, r.requester_sub, p.owner_sub FROM research.extraction_jobs j
  JOIN research.dataset_requests r ON r.id = j.request_id JOIN research.projects p ON p.id = j.project_id`;

const toJob = (r: Row): ExtractionJob => {
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

/** An extraction job; NOT_FOUND when there is none (who may see it the PDP decided from `jobFacts`). */
async function visibleJob(id: string): Promise<Row> {
  const row = await jobRow(id);
  if (!row) throw new NotFoundError("no such extraction job");
  return row;
}

/** Whose job this is: the caller's when they requested it or own its project; an unknown id is nobody's. */
async function jobFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const row = await jobRow(String(args.jobId ?? args.id));
  const sub = requestContext().actor.sub;
  return row ? { own: row.requester_sub === sub || row.owner_sub === sub } : { absent: true };
}

const cursorOf = (n: string) => Buffer.from(`n:${n}`).toString("base64url");
function afterOf(after: string | null | undefined): string {
  if (!after) return "0";
  const m = /^n:(\d{1,19})$/.exec(Buffer.from(after, "base64url").toString());
  if (!m) throw new BadUserInputError("after is not a cursor of this file", { argument: "after" });
  return m[1];
}

@Resolver()
export class ExtractionJobResolver {
  @Mutation(() => ExtractionJob, { description: "Start an extraction of an approved request; it runs in the background" }) @Category(NON_PATIENT) @Operation("research-extract", { hideResource: true, facts: requestFacts })
  async runExtraction(@Arg("requestId", () => ID) requestId: string): Promise<ExtractionJob> {
    const actor = caller();
    const req = await visibleRequest(requestId);
    if (req.status !== "APPROVED") throw new ConflictError(`the request is ${req.status}, not APPROVED`);
    const sql = sqlOf(dataSource("research"));
    const id = randomUUID();
    await sql.tx(async (q) => {
      await q.query(`SELECT id FROM research.dataset_requests WHERE id = $1 FOR UPDATE`, [requestId]);
      const active = await q.query(`SELECT id FROM research.extraction_jobs WHERE request_id = $1 AND status IN ('QUEUED','RUNNING')`, [requestId]);
      if (active.length > 0) throw new ConflictError(`extraction ${active[0].id} of this request is still running`);
      await q.query(`INSERT INTO research.extraction_jobs (id, request_id, project_id, status, created_by) VALUES ($1, $2, $3, 'QUEUED', $4)`,
        [id, requestId, req.project_id, actor.sub]);
    });
    await audit().event({ eventType: "extraction-started", detail: { jobId: id, requestId, projectId: req.project_id } });
    kickExtractionWorker();
    return toJob(await visibleJob(id));
  }

  @Mutation(() => ExtractionJob, { description: "Cancel a queued or running extraction; nothing of it is released" }) @Category(NON_PATIENT) @Operation("research-extract", { hideResource: true, facts: jobFacts })
  async cancelExtraction(@Arg("jobId", () => ID) jobId: string): Promise<ExtractionJob> {
    const job = await visibleJob(jobId);
    const cancelled = await sqlOf(dataSource("research")).tx(async (q) => {
      const rows = await q.query(`UPDATE research.extraction_jobs SET status = 'CANCELLED', finished_at = now(), lease_until = NULL, cursor = NULL
        WHERE id = $1 AND status IN ('QUEUED','RUNNING') RETURNING id`, [jobId]);
      if (rows.length > 0) await discardOutputs(q, jobId);
      return rows.length > 0;
    });
    if (!cancelled) throw new ConflictError(`the extraction has already ended (${job.status})`);
    await audit().event({ eventType: "extraction-cancelled", detail: { jobId, requestId: job.request_id, projectId: job.project_id, phase: job.phase, progress: job.progress } });
    return toJob(await visibleJob(jobId));
  }

  @Query(() => ExtractionJob, { description: "Status, progress, counts and (once SUCCEEDED) the manifest of an extraction" }) @Category(NON_PATIENT) @Operation("research-read", { hideResource: true, facts: jobFacts })
  async extractionJob(@Arg("id", () => ID) id: string): Promise<ExtractionJob> {
    return toJob(await visibleJob(id));
  }

  @Query(() => [ExtractionJob], { description: "The extractions of a request, newest first" }) @Category(NON_PATIENT) @Operation("research-read", { hideResource: true, facts: requestFacts })
  async extractionJobs(@Arg("requestId", () => ID) requestId: string): Promise<ExtractionJob[]> {
    await visibleRequest(requestId);
    const rows = await sqlOf(dataSource("research")).query(`${JOB_SELECT} WHERE j.request_id = $1 ORDER BY j.created_at DESC`, [requestId]);
    return rows.map(toJob);
  }

  /**
   * Download an output file in pages of NDJSON lines (the manifest's `url` names the file). Only the researcher who
   * owns the project, only once the job has SUCCEEDED; every page is audited.
   */
  @Query(() => NdjsonPage, { description: "A page of an extraction's NDJSON file (the requesting project's researcher only)" }) @Category(NON_PATIENT) @Operation("research-download", { hideResource: true, facts: jobFacts })
  async extractionFile(
    @Arg("jobId", () => ID) jobId: string,
    @Arg("type", () => String, { description: "FHIR resource type, as in the manifest" }) type: string,
    @Arg("first", () => Int, { defaultValue: 1000 }) first: number,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<NdjsonPage> {
    const job = await visibleJob(jobId);
    if (job.status !== "SUCCEEDED") throw new ConflictError(`the extraction is ${job.status}; files are released when it has SUCCEEDED`);
    if (!(job.manifest.output as ExtractionOutput[]).some((o) => o.type === type)) throw new NotFoundError(`no ${type} file in this extraction`);
    if (!Number.isInteger(first) || first < 1 || first > 5000) throw new BadUserInputError("first is 1 to 5000", { argument: "first" });
    const rows = await sqlOf(dataSource("research")).query(
      `SELECT n::text AS pos, line FROM research.extraction_outputs WHERE job_id = $1 AND resource_type = $2 AND n > $3::bigint ORDER BY n LIMIT $4`,
      [jobId, type, afterOf(after), first + 1],
    );
    const page = rows.slice(0, first);
    await audit().event({ eventType: "extraction-downloaded", detail: { jobId, projectId: job.project_id, type, lines: page.length, after: after ?? null } });
    return {
      jobId, type, lines: page.map((r) => r.line as string),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? cursorOf(page[page.length - 1].pos) : null },
    };
  }
}
