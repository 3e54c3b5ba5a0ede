import { Arg, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, caller, Category, ConflictError, dataSource, NON_PATIENT, NotFoundError, Operation } from "@hub/common";
import { audit } from "@hub/policies";
import { requestFacts, visibleRequest } from "../request/request.store.js";
import { JOB_SELECT, jobFacts, toJob, visibleJob } from "./job-access.js";
import { cancelExtraction, startExtraction } from "./job-control.js";
import { ExtractionJob, NdjsonPage, type ExtractionOutput } from "./job.type.js";
import { sqlOf } from "./sql.js";

const cursorOf = (n: string) => Buffer.from(`n:${n}`).toString("base64url");
function afterOf(after: string | null | undefined): string {
  if (!after) return "0";
  const m = /^n:(\d{1,19})$/.exec(Buffer.from(after, "base64url").toString());
  if (!m) throw new BadUserInputError("after is not a cursor of this file", { argument: "after" });
  return m[1];
}

@Resolver()
export class ExtractionJobResolver {
  @Mutation(() => ExtractionJob, { description: "Start an extraction of an approved request; it runs in the background" }) @Category(NON_PATIENT) @Operation("research-extract", { hideResource: true, facts: requestFacts, notFound: "no such dataset request" })
  async runExtraction(@Arg("requestId", () => ID) requestId: string): Promise<ExtractionJob> {
    const id = await startExtraction(await visibleRequest(requestId), caller());
    return toJob(await visibleJob(id));
  }

  @Mutation(() => ExtractionJob, { description: "Cancel a queued or running extraction; nothing of it is released" }) @Category(NON_PATIENT) @Operation("research-extract", { hideResource: true, facts: jobFacts, notFound: "no such extraction job" })
  async cancelExtraction(@Arg("jobId", () => ID) jobId: string): Promise<ExtractionJob> {
    await cancelExtraction(await visibleJob(jobId));
    return toJob(await visibleJob(jobId));
  }

  @Query(() => ExtractionJob, { description: "Status, progress, counts and (once SUCCEEDED) the manifest of an extraction" }) @Category(NON_PATIENT) @Operation("research-read", { hideResource: true, facts: jobFacts, notFound: "no such extraction job" })
  async extractionJob(@Arg("id", () => ID) id: string): Promise<ExtractionJob> {
    return toJob(await visibleJob(id));
  }

  @Query(() => [ExtractionJob], { description: "The extractions of a request, newest first" }) @Category(NON_PATIENT) @Operation("research-read", { hideResource: true, facts: requestFacts, notFound: "no such dataset request" })
  async extractionJobs(@Arg("requestId", () => ID) requestId: string): Promise<ExtractionJob[]> {
    await visibleRequest(requestId);
    const rows = await sqlOf(dataSource("research")).query(`${JOB_SELECT} WHERE j.request_id = $1 ORDER BY j.created_at DESC`, [requestId]);
    return rows.map(toJob);
  }

  /**
   * Download an output file in pages of NDJSON lines (the manifest's `url` names the file). Only the researcher who
   * owns the project (fileAccess, the same rule as the Bulk Data file URLs), only once SUCCEEDED; every page is audited.
   */
  @Query(() => NdjsonPage, { description: "A page of an extraction's NDJSON file (the requesting project's researcher only)" }) @Category(NON_PATIENT) @Operation("research-download", { hideResource: true, facts: jobFacts, notFound: "no such extraction job" })
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
