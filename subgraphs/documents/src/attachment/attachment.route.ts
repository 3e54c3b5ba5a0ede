import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dataSource, runWithContext, sendJson } from "@hub/common";
import { audit } from "@hub/policies";
import { verifyAttachmentUrl } from "./attachment-url.js";

/**
 * GET /attachments?…&sig=…: streams one attachment of a document to the holder of a signed URL. A forged, altered
 * or expired URL, or a withdrawn document, gets 404 without saying which (nothing to probe). Each download is audited.
 */
export async function attachmentRoute(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const grant = verifyAttachmentUrl(url.searchParams);
  if (!grant) return sendJson(res, 404, { error: "not found" });
  const [row] = (await dataSource("documents").query(
    `SELECT a.content_type, a.content, da.title, d.patient_id, d.category FROM documents.document_attachments da
       JOIN documents.attachments a ON a.sha256 = da.sha256 JOIN documents.documents d ON d.id = da.document_id
      WHERE da.document_id = $1 AND da.sha256 = $2 AND d.status <> 'WITHDRAWN' LIMIT 1`, [grant.documentId, grant.sha256],
  )) as { content_type: string; content: Buffer; title: string | null; patient_id: string; category: string }[];
  if (!row) return sendJson(res, 404, { error: "not found" });
  const actor = { sub: grant.sub, role: grant.role, org: grant.org ?? undefined, amr: [] };
  await runWithContext({ requestId: randomUUID(), actor, purpose: grant.purpose, memo: new Map() }, () =>
    audit().event({ eventType: "attachment-downloaded", patientId: row.patient_id, category: row.category, recordIds: [grant.documentId], decision: "ALLOW",
      detail: { sha256: grant.sha256, contentType: row.content_type, bytes: row.content.length } }));
  res.writeHead(200, {
    "content-type": row.content_type, "content-length": row.content.length, "cache-control": "private, no-store",
    "x-content-type-options": "nosniff", "content-disposition": `inline; filename="${grant.sha256.slice(0, 16)}"`,
  });
  const chunk = 64 * 1024;
  for (let i = 0; i < row.content.length; i += chunk) {
    if (!res.write(row.content.subarray(i, i + chunk))) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
