import type { IncomingMessage, ServerResponse } from "node:http";
import { dataSource, requestContext, sendJson, type ContextRoute } from "@hub/common";
import { audit, policyRuntime } from "@hub/policies";
import { verifyAttachmentUrl, type AttachmentGrant } from "./attachment-url.js";

interface Row { content_type: string; content: Buffer; patient_id: string; category: string; source_org_id: string; withheld: boolean; status: string }

/** The URL was issued to exactly this caller (subject, role, institution, purpose): a URL is worth nothing to anyone else. */
function issuedTo(g: AttachmentGrant | null): g is AttachmentGrant {
  const { actor, purpose } = requestContext();
  return g !== null && g.sub === actor.sub && g.role === actor.role && (g.org ?? null) === (actor.org ?? null) && g.purpose === purpose;
}

/**
 * GET /attachments?…&sig=…: streams one attachment of a document. The caller sends their own bearer token (the
 * gateway turns it into the signed hub context); the signed URL must have been issued to that same caller, and the
 * PDP decides the document again now, so a seal or a revoked consent stops the very next download. Every refusal
 * (forged, altered, expired, someone else's URL, withdrawn, hidden) is the same 404, and is decided and audited
 * like a success.
 */
export const attachmentRoute: ContextRoute = { operation: { action: "read" }, handle: async (req: IncomingMessage, res: ServerResponse, recorded) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const grant = verifyAttachmentUrl(url.searchParams);
  const [row] = issuedTo(grant) ? (await dataSource("documents").query(
    `SELECT a.content_type, a.content, d.patient_id, d.category, d.source_org_id, d.withheld, d.status FROM documents.document_attachments da
       JOIN documents.attachments a ON a.sha256 = da.sha256 JOIN documents.documents d ON d.id = da.document_id
      WHERE da.document_id = $1 AND da.sha256 = $2 LIMIT 1`, [grant.documentId, grant.sha256],
  )) as Row[] : [];
  const { actor } = requestContext();
  // Withdrawn documents for no one; those still held (閲覧保留) only for their patient and their issuer (see visibleDocuments).
  const visible = row && row.status !== "WITHDRAWN" && (!["PENDING_CONSENT", "SUPERSEDED"].includes(row.status) || row.patient_id === actor.patientId || row.source_org_id === actor.org);
  const d = await policyRuntime().decide({
    patientId: row?.patient_id ?? "", category: (row?.category ?? "document_discharge") as never, sourceOrgId: row?.source_org_id, recordId: grant?.documentId ?? "", withheld: row?.withheld,
  });
  if (!row || !visible || !d.allowed) {
    await recorded();
    return sendJson(res, 404, { error: "not found" });
  }
  await audit().event({ eventType: "attachment-downloaded", patientId: row.patient_id, category: row.category, recordIds: [grant!.documentId], decision: "ALLOW",
    rule: d.rule, detail: { sha256: grant!.sha256, contentType: row.content_type, bytes: row.content.length } });
  await recorded();
  res.writeHead(200, {
    "content-type": row.content_type, "content-length": row.content.length, "cache-control": "private, no-store",
    "x-content-type-options": "nosniff", "content-disposition": `inline; filename="${grant!.sha256.slice(0, 16)}"`,
  });
  const chunk = 64 * 1024;
  for (let i = 0; i < row.content.length; i += chunk) {
    if (!res.write(row.content.subarray(i, i + chunk))) await new Promise((r) => res.once("drain", r));
  }
  res.end();
} };
