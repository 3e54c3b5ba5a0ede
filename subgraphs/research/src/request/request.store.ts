import { NotFoundError, dataSource, requestContext, type DataCategoryEnum, type OperationFacts } from "@hub/common";
import type { Row } from "../extraction/sql.js";
import type { DatasetField, DatasetRequest, DatasetRequestStatus, SecondaryUsePurpose } from "./request.type.js";
import type { LegalBasis, ProcessingLevel, RequesterKind } from "./processing.js";

export const toDatasetRequest = (r: Row): DatasetRequest => ({
  id: r.id, projectId: r.project_id, projectName: r.project_name, purpose: r.purpose as SecondaryUsePurpose,
  legalBasis: r.legal_basis as LegalBasis, requesterKind: r.requester_kind as RequesterKind, processing: r.processing as ProcessingLevel,
  requesterOrganization: r.requester_org, requestedBy: r.requester_sub, categories: r.categories as DataCategoryEnum[],
  filters: r.filters, fields: r.fields as DatasetField[], k: Number(r.k), status: r.status as DatasetRequestStatus,
  submittedAt: new Date(r.submitted_at), reviewedBy: r.reviewer_sub ?? null, reviewedAt: r.reviewed_at ? new Date(r.reviewed_at) : null,
  conditions: r.conditions ?? null,
});

export const REQUEST_SELECT = `SELECT r.*, p.name AS project_name, p.owner_sub FROM research.dataset_requests r JOIN research.projects p ON p.id = r.project_id`;

async function requestRow(id: string): Promise<Row | undefined> {
  return ((await dataSource("research").query(`${REQUEST_SELECT} WHERE r.id = $1`, [id])) as Row[])[0];
}

/**
 * A dataset request; NOT_FOUND when there is none. Whether the caller may see it (a data steward any, a researcher
 * their own) the PDP decided from `requestFacts` before the resolver ran.
 */
export async function visibleRequest(id: string): Promise<Row> {
  const row = await requestRow(id);
  if (!row) throw new NotFoundError("no such dataset request");
  return row;
}

/** Whose request this is (the caller's own, or not); an unknown id is nobody's. */
export async function requestFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const row = await requestRow(String(args.requestId ?? args.id));
  return row ? { own: row.requester_sub === requestContext().actor.sub } : { absent: true };
}

/** Reviewing a request: whether the caller submitted it. */
export async function reviewFacts(args: Record<string, unknown>): Promise<OperationFacts> {
  const row = await requestRow(String(args.id));
  return row ? { ownReview: row.requester_sub === requestContext().actor.sub } : { absent: true };
}
