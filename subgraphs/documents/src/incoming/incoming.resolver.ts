import { In } from "typeorm";
import { Args, Query, Resolver } from "type-graphql";
import {
  callerInstitution, Category, config, dataSource, decodeCursor, NON_PATIENT, Operation, PageArgs, pageSize, requestContext, toConnection,
} from "@hub/common";
import {
  audit, consentCovers, consentsHeldBy, grantConsent, japanDate, notSealedSql, policyRuntime, prefetchExpiry, type ConsentRecord,
} from "@hub/policies";
import { DocumentEntity } from "../document/document.entity.js";
import { toDocument } from "../document/document.resolver.js";
import { patientAsWritten } from "../issuer/issued.resolver.js";
import { IncomingDocument, IncomingDocumentConnection, IncomingReason } from "./incoming.type.js";

/**
 * Documents addressed to the caller's institution that are live (AVAILABLE), newest first. Documents under a seal of
 * either level are left out (no emergency grant applies to a work list; the seal rule decides, in SQL).
 */
const INCOMING_SQL = `
  SELECT d.id FROM documents.documents d
   WHERE d.destination_org_id = $1 AND d.status = 'AVAILABLE'
     AND ${notSealedSql({ patient: "d.patient_id", category: "d.category", sourceOrg: "d.source_org_id", id: "d.id" })}
     AND ($2::timestamptz IS NULL OR (d.issued_at, d.id) < ($2::timestamptz, $3::text))
   ORDER BY d.issued_at DESC, d.id DESC LIMIT $4`;

/** The patient's next visit at the institution, from her reservation consents (today or later, Japan time). */
function nextVisits(reservations: ConsentRecord[], today: string): Map<string, ConsentRecord> {
  const next = new Map<string, ConsentRecord>();
  for (const c of reservations) {
    const day = typeof c.detail?.visitDate === "string" ? c.detail.visitDate : null;
    if (!day || day < today) continue;
    const seen = next.get(c.patientId);
    if (!seen || day < String(seen.detail!.visitDate)) next.set(c.patientId, c);
  }
  return next;
}

@Resolver()
export class IncomingDocumentsResolver {
  /**
   * 紹介先の受付: the institution's incoming work list. For a patient who booked a visit here (a RESERVATION
   * consent), each addressed document is pre-fetched (事前取得): a PREFETCH consent for that document alone, until the
   * end of the day after the visit, created and audited through the consent store and ended with the reservation.
   */
  @Query(() => IncomingDocumentConnection, { description: "紹介先: documents addressed to your institution, with pre-fetch for reserved patients" })
  @Category(NON_PATIENT) @Operation("incoming", { forInstitution: true })
  async incomingDocuments(@Args() { first, after }: PageArgs) {
    const org = callerInstitution();
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const ds = dataSource("documents");
    const rows = (await ds.query(INCOMING_SQL, [org, cursor?.at ?? null, cursor?.id ?? null, limit + 1])) as { id: string }[];
    const docs = rows.length ? await ds.getRepository(DocumentEntity).findBy({ id: In(rows.map((r) => r.id)) }) : [];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const page = toConnection(rows, limit, (r) => ({ at: byId.get(r.id)!.issuedAt.toISOString(), id: r.id }));
    const pageDocs = page.nodes.map((r) => byId.get(r.id)!);
    const held = await consentsHeldBy(org, [...new Set(pageDocs.map((d) => d.patientId))], ["RESERVATION", "PREFETCH"]);
    const visits = nextVisits(held.filter((c) => c.source === "RESERVATION"), japanDate(new Date()));
    const { actor, purpose } = requestContext();
    const now = new Date();
    for (const d of pageDocs) {
      const visit = visits.get(d.patientId);
      const prefetched = held.some((c) => c.source === "PREFETCH" && consentCovers(c, { actor, purpose, now }, { category: d.category, sourceOrgId: d.sourceOrgId, recordId: d.id }));
      if (visit && !prefetched) await prefetch(org, d, visit);
    }
    const named = await policyRuntime().permits("read-incoming-patient");
    return { nodes: pageDocs.map((d) => ({ ...toIncoming(d, visits.get(d.patientId) ?? null), patient: named ? patientAsWritten(d.bundle) : null })), pageInfo: page.pageInfo };
  }
}

async function prefetch(org: string, d: DocumentEntity, visit: ConsentRecord): Promise<void> {
  const visitDate = String(visit.detail!.visitDate);
  await grantConsent({
    patientId: d.patientId, organizationId: org, purpose: "TREAT", source: "PREFETCH", categories: [d.category], recordIds: [d.id],
    expiresAt: prefetchExpiry(visitDate), originId: visit.originId, detail: { visitDate, documentId: d.id },
  });
  await audit().event({ eventType: "document-prefetched", patientId: d.patientId, category: d.category, recordIds: [d.id], detail: { organizationId: org, reservationDate: visitDate } });
}

function toIncoming(d: DocumentEntity, visit: ConsentRecord | null): Omit<IncomingDocument, "patient"> {
  const document = toDocument(d);
  const reservationDate = visit ? String(visit.detail!.visitDate) : null;
  return {
    patientId: d.patientId, category: d.category, sourceOrgId: d.sourceOrgId, withheld: d.withheld,
    id: d.id, type: document.type, status: document.status, issuedAt: d.issuedAt, sourceOrganization: { id: d.sourceOrgId },
    reason: reservationDate ? IncomingReason.RESERVATION : IncomingReason.ADDRESSED, reservationDate, document,
  };
}
