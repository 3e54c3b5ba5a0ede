import { randomUUID } from "node:crypto";
import { In } from "typeorm";
import { Args, Query, Resolver } from "type-graphql";
import { Category, NON_PATIENT, PageArgs, config, dataSource, decodeCursor, institutionOf, pageSize, requireScope, toConnection } from "@hub/common";
import { audit } from "@hub/policies";
import { DocumentEntity } from "../document/document.entity.js";
import { toDocument } from "../document/document.resolver.js";
import { IncomingDocument, IncomingDocumentConnection, IncomingReason } from "./incoming.type.js";

interface Row { id: string; reservation_date: string | null; prefetched: boolean }

/**
 * Documents addressed to the caller's institution that are live (AVAILABLE), newest first. Documents under a seal of
 * either level are left out (a seal hides a record from ordinary treatment reads, SPEC §6). For a patient who holds a
 * booked reservation with the institution (today or later), the document is pre-fetched: the reservation counts as
 * the patient's consent for the institution to read that kind of document until the day after the visit.
 */
const INCOMING_SQL = `
  SELECT d.id, to_char(r.date, 'YYYY-MM-DD') AS reservation_date,
         EXISTS (SELECT 1 FROM consent.consents c WHERE c.patient_id = d.patient_id AND c.organization_id = $1 AND c.source = 'PREFETCH'
                   AND c.status = 'ACTIVE' AND d.category = ANY(c.categories) AND c.expires_at > now()) AS prefetched
    FROM documents.documents d
    LEFT JOIN LATERAL (SELECT min(date) AS date FROM phr.reservations r
                        WHERE r.patient_id = d.patient_id AND r.organization_id = $1 AND r.status = 'BOOKED' AND r.date >= current_date) r ON true
   WHERE d.destination_org_id = $1 AND d.status = 'AVAILABLE'
     AND NOT EXISTS (SELECT 1 FROM consent.seals s WHERE s.patient_id = d.patient_id AND s.active
                       AND (s.category = d.category OR s.source_organization_id = d.source_org_id OR d.id = ANY(s.record_ids)))
     AND ($2::timestamptz IS NULL OR (d.issued_at, d.id) < ($2::timestamptz, $3::text))
   ORDER BY d.issued_at DESC, d.id DESC LIMIT $4`;

@Resolver()
export class IncomingDocumentsResolver {
  @Query(() => IncomingDocumentConnection, { description: "紹介先: documents addressed to your institution, with pre-fetch for reserved patients" })
  @Category(NON_PATIENT)
  async incomingDocuments(@Args() { first, after }: PageArgs) {
    const { org } = institutionOf(["doctor", "nurse", "pharmacist", "clerk", "system"], "the incoming work list");
    requireScope("documents.read");
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const ds = dataSource("documents");
    const rows = (await ds.query(INCOMING_SQL, [org, cursor?.at ?? null, cursor?.id ?? null, limit + 1])) as Row[];
    const docs = rows.length ? await ds.getRepository(DocumentEntity).findBy({ id: In(rows.map((r) => r.id)) }) : [];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const page = toConnection(rows, limit, (r) => ({ at: byId.get(r.id)!.issuedAt.toISOString(), id: r.id }));
    for (const r of page.nodes) if (r.reservation_date && !r.prefetched) await prefetch(org, byId.get(r.id)!, r.reservation_date);
    return { nodes: page.nodes.map((r) => toIncoming(byId.get(r.id)!, r.reservation_date)), pageInfo: page.pageInfo };
  }
}

async function prefetch(org: string, d: DocumentEntity, date: string): Promise<void> {
  const until = new Date(`${date}T00:00:00+09:00`);
  until.setDate(until.getDate() + 2);
  await dataSource("documents").query(
    `INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, expires_at, source) VALUES ($1, $2, $3, 'TREAT', $4, $5, 'PREFETCH')`,
    [randomUUID(), d.patientId, org, [d.category], until.toISOString()]);
  await audit().event({ eventType: "document-prefetched", patientId: d.patientId, category: d.category, recordIds: [d.id], detail: { organizationId: org, reservationDate: date } });
}

function toIncoming(d: DocumentEntity, reservationDate: string | null): IncomingDocument {
  const document = toDocument(d);
  return {
    patientId: d.patientId, category: d.category, sourceOrgId: d.sourceOrgId, withheld: d.withheld,
    id: d.id, type: document.type, status: document.status, issuedAt: d.issuedAt, sourceOrganization: { id: d.sourceOrgId },
    reason: reservationDate ? IncomingReason.RESERVATION : IncomingReason.ADDRESSED, reservationDate, document,
  };
}
