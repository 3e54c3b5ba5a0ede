import { NotFoundError, dataSource, requestContext, type DataCategoryEnum } from "@hub/common";
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

/**
 * A request the caller may see: data stewards see every request; a researcher only those of projects they own
 * (anything else is NOT_FOUND, like an unknown id).
 */
export async function visibleRequest(id: string): Promise<Row> {
  const { actor } = requestContext();
  const [row] = (await dataSource("research").query(`${REQUEST_SELECT} WHERE r.id = $1`, [id])) as Row[];
  if (!row) throw new NotFoundError("no such dataset request");
  if (actor.role === "data_steward") return row;
  if (actor.role === "researcher" && row.requester_sub === actor.sub) return row;
  throw new NotFoundError("no such dataset request");
}
