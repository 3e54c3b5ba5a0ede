import type { IncomingMessage, ServerResponse } from "node:http";
import { dataSource, requestContext, sendJson, type ContextRoute } from "@hub/common";
import { audit, policyRuntime } from "@hub/policies";
import { DocumentEntity } from "../document/document.entity.js";
import { patientAsWritten } from "../issuer/issued.resolver.js";
import { slipPdf } from "./slip-pdf.js";

/** The issuer's name as its Bundle names it (the Composition's author Organization). */
function issuerName(bundle: Record<string, unknown>, org: string): string {
  const e = (bundle.entry as { resource: Record<string, unknown> }[] | undefined)?.find((x) => x.resource.resourceType === "Organization"
    && JSON.stringify(x.resource.identifier ?? []).includes(org));
  return typeof e?.resource.name === "string" ? e.resource.name : org;
}

/**
 * GET /slips?document=<id>: the printable slip of a document's exchange number (PDF). For the patient whose
 * document it is, and for staff of the issuing institution whom the policy lets see what it issued (`read-issued`);
 * everyone else, and withdrawn or superseded documents, get the same 404. Audited (`document-slip-printed`).
 */
export const slipRoute: ContextRoute = { operation: { action: "read" }, handle: async (req: IncomingMessage, res: ServerResponse, recorded) => {
  const id = new URL(req.url ?? "/", "http://localhost").searchParams.get("document") ?? "";
  const { actor } = requestContext();
  const doc = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await dataSource("documents").getRepository(DocumentEntity).findOneBy({ id }) : null;
  const live = doc !== null && doc.exchangeNumber !== null && !["WITHDRAWN", "SUPERSEDED"].includes(doc.status);
  const party = live && (actor.role === "patient" ? actor.patientId === doc.patientId
    : actor.org === doc.sourceOrgId && await policyRuntime().permits("read-issued"));
  if (!doc || !party) {
    await recorded();
    return sendJson(res, 404, { error: "not found" });
  }
  await audit().event({ eventType: "document-slip-printed", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], decision: "ALLOW", detail: { issuance: doc.issuance } });
  await recorded();
  const pdf = slipPdf({ exchangeNumber: doc.exchangeNumber!, documentTitle: doc.title ?? doc.type, issuerName: issuerName(doc.bundle as Record<string, unknown>, doc.sourceOrgId),
    issuerId: doc.sourceOrgId, patientName: patientAsWritten(doc.bundle).name, issuedAt: doc.issuedAt });
  res.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length, "cache-control": "private, no-store", "x-content-type-options": "nosniff",
    "content-disposition": `inline; filename="slip-${doc.id.slice(0, 8)}.pdf"` });
  res.end(pdf);
} };
