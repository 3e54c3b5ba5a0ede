import { Arg, Args, Query, Resolver } from "type-graphql";
import { callerInstitution, Category, config, dataSource, decodeCursor, NON_PATIENT, Operation, orgRef, PageArgs, pageSize, toConnection } from "@hub/common";
import { DocumentEntity } from "../document/document.entity.js";
import { DocumentStatus } from "../document/document.type.js";
import { bundlePatient } from "../identity/identity.js";
import { throttleRows } from "../exchange/retrieval-throttle.js";
import { IssuedDocument, IssuedDocumentConnection, PatientAsWritten, RetrievalLockout } from "./issued.type.js";

/** The patient as the Bundle names her. */
export function patientAsWritten(bundle: object): PatientAsWritten {
  const p = bundlePatient(bundle as Record<string, unknown>);
  return { name: p?.name ?? null, kana: p?.kana ?? null, birthDate: p?.birthDate ?? null, sex: p?.gender ?? null };
}

function toIssued(d: DocumentEntity): IssuedDocument {
  return {
    id: d.id, type: d.type as IssuedDocument["type"], status: d.status as DocumentStatus, issuedAt: d.issuedAt, destinationOrganization: orgRef(d.destinationOrgId),
    retrievedAt: d.retrievedAt ?? null, retrievedBy: orgRef(d.retrievedByOrg), version: d.version ?? 1, supersedes: d.supersedesId ?? null,
    supersededBy: d.supersededById ?? null, exchangeNumber: d.exchangeNumber, issuance: d.issuance, bundleIdentifier: d.bundleIdentifier ?? null,
    withdrawnReason: d.withdrawnReason ?? null, patient: patientAsWritten(d.bundle),
  };
}

@Resolver()
export class IssuedDocumentsResolver {
  /**
   * 発行元の一覧: what the caller's institution issued, newest first, every version and status (withdrawn ones too),
   * with whether and when the destination retrieved it and the patient as the issuer wrote her.
   */
  @Query(() => IssuedDocumentConnection, { description: "Documents your institution issued: status, destination, retrieval, version, the patient as written" })
  @Category(NON_PATIENT) @Operation("read-issued", { forInstitution: true })
  async issuedDocuments(@Args() { first, after }: PageArgs, @Arg("status", () => DocumentStatus, { nullable: true }) status?: DocumentStatus) {
    const org = callerInstitution();
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const qb = dataSource("documents").getRepository(DocumentEntity).createQueryBuilder("d").where("d.source_org_id = :org", { org });
    if (status) qb.andWhere("d.status = :status", { status });
    if (cursor) qb.andWhere("(d.issued_at, d.id) < (CAST(:at AS timestamptz), :cid)", { at: cursor.at, cid: cursor.id });
    const rows = await qb.orderBy("d.issued_at", "DESC").addOrderBy("d.id", "DESC").limit(limit + 1).getMany();
    const page = toConnection(rows, limit, (d) => ({ at: d.issuedAt.toISOString(), id: d.id }));
    return { nodes: page.nodes.map(toIssued), pageInfo: page.pageInfo };
  }

  /** Policy admins: institutions with failed retrievals in the current window and their lock-outs (SECURITY.md). */
  @Query(() => [RetrievalLockout], { description: "Policy admins: failed retrievals by exchange number per institution, and lock-outs" })
  @Category(NON_PATIENT) @Operation("read-retrieval-lockouts")
  async retrievalLockouts(): Promise<RetrievalLockout[]> {
    return (await throttleRows()).map((r) => ({ organization: orgRef(r.organizationId)!, failures: r.failures, windowStartedAt: r.windowStartedAt, lastFailureAt: r.lastFailureAt, lockedUntil: r.lockedUntil }));
  }
}
