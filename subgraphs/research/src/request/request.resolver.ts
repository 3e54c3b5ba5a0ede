import { randomUUID } from "node:crypto";
import { Arg, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import {
  BadUserInputError, caller, Category, ConflictError, dataSource, NON_PATIENT, NotFoundError, Operation, requestContext,
} from "@hub/common";
import { audit, policyRuntime } from "@hub/policies";
import { REQUEST_SELECT, requestFacts, reviewFacts, toDatasetRequest, visibleRequest } from "./request.store.js";
import { DatasetRequest, DatasetRequestStatus, ReviewDecision, SubmitDatasetRequestInput } from "./request.type.js";
import { validRequest } from "./request.validate.js";
import { sqlOf, type Row } from "../extraction/sql.js";

@Resolver()
export class DatasetRequestResolver {
  @Mutation(() => DatasetRequest, { description: "Apply for a dataset (researcher); its legal basis and requester kind decide pseudonymised or anonymised output; a data steward reviews it" }) @Category(NON_PATIENT) @Operation("research-request")
  async submitDatasetRequest(@Arg("input", () => SubmitDatasetRequestInput) input: SubmitDatasetRequestInput): Promise<DatasetRequest> {
    const actor = caller();
    const v = validRequest(input);
    const ds = dataSource("research");
    const id = randomUUID();
    const projectId = await ds.transaction(async (m) => {
      let pid = input.projectId ?? null;
      if (pid) {
        const [p] = (await m.query(`SELECT id FROM research.projects WHERE id = $1 AND owner_sub = $2`, [pid, actor.sub])) as Row[];
        if (!p) throw new NotFoundError("no such project of yours (a follow-up request names a project you own)");
      } else {
        pid = randomUUID();
        await m.query(`INSERT INTO research.projects (id, name, requester_org, owner_sub) VALUES ($1, $2, $3, $4)`, [pid, v.projectName, v.requesterOrganization, actor.sub]);
      }
      await m.query(
        `INSERT INTO research.dataset_requests (id, project_id, purpose, requester_sub, requester_org, categories, filters, fields, k, status,
           legal_basis, requester_kind, processing)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'SUBMITTED', $10, $11, $12)`,
        [id, pid, input.purpose, actor.sub, v.requesterOrganization, v.categories, JSON.stringify(v.filters), v.fields, v.k,
          input.legalBasis, input.requesterKind, v.processing],
      );
      return pid;
    });
    await audit().event({ eventType: "dataset-request-submitted", detail: {
      requestId: id, projectId, projectName: v.projectName, purpose: input.purpose, organization: v.requesterOrganization,
      legalBasis: input.legalBasis, requesterKind: input.requesterKind, processing: v.processing,
      categories: v.categories, filters: v.filters, fields: v.fields, k: v.k, followUp: Boolean(input.projectId),
    } });
    return visibleRequest(id).then(toDatasetRequest);
  }

  @Mutation(() => DatasetRequest, { description: "Approve or reject a submitted request (data steward; never the requester)" }) @Category(NON_PATIENT) @Operation("research-review", { facts: reviewFacts })
  async reviewDatasetRequest(
    @Arg("id", () => ID) id: string,
    @Arg("decision", () => ReviewDecision) decision: ReviewDecision,
    @Arg("conditions", () => String, { nullable: true }) conditions?: string | null,
    @Arg("k", () => Int, { nullable: true, description: "Raise k for this release" }) k?: number | null,
  ): Promise<DatasetRequest> {
    const actor = caller();
    const row = await visibleRequest(id);
    if ((conditions ?? "").length > 2000) throw new BadUserInputError("conditions have at most 2000 characters", { argument: "conditions" });
    if (k !== null && k !== undefined && (!Number.isInteger(k) || k < Number(row.k) || k > 100)) {
      throw new BadUserInputError(`k can only be raised (from ${row.k}, at most 100)`, { argument: "k" });
    }
    const status = decision === ReviewDecision.APPROVE ? DatasetRequestStatus.APPROVED : DatasetRequestStatus.REJECTED;
    const updated = await sqlOf(dataSource("research")).query(
      `UPDATE research.dataset_requests SET status = $2, reviewer_sub = $3, reviewed_at = now(), conditions = $4, k = coalesce($5, k)
        WHERE id = $1 AND status = 'SUBMITTED' RETURNING id`,
      [id, status, actor.sub, conditions ?? null, k ?? null],
    );
    if (updated.length === 0) throw new ConflictError("this request has already been reviewed");
    await audit().event({ eventType: "dataset-request-reviewed", detail: { requestId: id, projectId: row.project_id, decision: status, conditions: conditions ?? null, k: k ?? Number(row.k) } });
    return visibleRequest(id).then(toDatasetRequest);
  }

  @Query(() => DatasetRequest, { description: "A dataset request (its researcher, or a data steward)" }) @Category(NON_PATIENT) @Operation("research-read", { hideResource: true, facts: requestFacts, notFound: "no such dataset request" })
  async datasetRequest(@Arg("id", () => ID) id: string): Promise<DatasetRequest> {
    return toDatasetRequest(await visibleRequest(id));
  }

  @Query(() => [DatasetRequest], { description: "Your requests (researcher) or all of them (data steward), newest first" }) @Category(NON_PATIENT) @Operation("research-read")
  async datasetRequests(@Arg("status", () => DatasetRequestStatus, { nullable: true }) status?: DatasetRequestStatus | null): Promise<DatasetRequest[]> {
    const { actor } = requestContext();
    const rows = (await dataSource("research").query(
      `${REQUEST_SELECT} WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.requester_sub = $2) ORDER BY r.submitted_at DESC LIMIT 200`,
      [status ?? null, (await policyRuntime().permits("research-read-all")) ? null : actor.sub],
    )) as Row[];
    return rows.map(toDatasetRequest);
  }
}
