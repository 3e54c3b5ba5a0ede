import { FieldResolver, Resolver, Root } from "type-graphql";
import { Category, RECORD_CATEGORY, dataSource, requestContext, requestLoader } from "@hub/common";
import { Document } from "../document/document.type.js";
import { signAttachmentUrl } from "./attachment-url.js";
import { DocumentAttachment } from "./attachment.type.js";

interface Row { document_id: string; sha256: string; content_type: string; size: number; title: string | null }

/** A document's attachments, batched per request: one query however many documents a response holds. */
const attachmentsOf = requestLoader<string, Row[]>("document-attachments", async (ids) => {
  const all = (await dataSource("documents").query(
    `SELECT da.document_id, da.sha256, a.content_type, a.size, da.title FROM documents.document_attachments da
       JOIN documents.attachments a ON a.sha256 = da.sha256 WHERE da.document_id = ANY($1) ORDER BY da.position`, [ids],
  )) as Row[];
  return ids.map((id) => all.filter((r) => r.document_id === id));
});

/** Attachments of a document; the URL is signed only here, after the PEP allowed this document's category. */
@Resolver(() => Document)
export class DocumentAttachmentsResolver {
  @FieldResolver(() => [DocumentAttachment], { nullable: true }) @Category(RECORD_CATEGORY)
  async attachments(@Root() doc: Document): Promise<DocumentAttachment[]> {
    if (doc.status === "WITHDRAWN") return []; // 閲覧不可: listed for the patient, its content gone
    const rows = await attachmentsOf.get().load(doc.id);
    const { actor, purpose } = requestContext();
    return (rows ?? []).map((r) => ({
      patientId: doc.patientId, category: doc.category, id: doc.id, sourceOrgId: doc.sourceOrgId, withheld: doc.withheld, sha256: r.sha256, contentType: r.content_type, size: r.size, title: r.title,
      url: signAttachmentUrl({ documentId: doc.id, sha256: r.sha256, sub: actor.sub, role: actor.role, org: actor.org ?? null, purpose }),
    }));
  }
}
