import { Arg, Mutation, Resolver } from "type-graphql";
import {
  BadUserInputError, callerInstitution, Category, dataSource, ForbiddenError, NotFoundError, Operation, RateLimitedError, RECORD_CATEGORY, requestContext,
} from "@hub/common";
import { audit, exchangeExpiry, grantConsent, policyRuntime, type ConsentAttr } from "@hub/policies";
import { DocumentEntity } from "../document/document.entity.js";
import { toDocument } from "../document/document.resolver.js";
import { Document } from "../document/document.type.js";
import { normaliseExchangeNumber } from "./exchange-number.js";
import { lockedUntil, recordFailure } from "./retrieval-throttle.js";

/** What an unknown exchange number is decided as: a document of no patient, so it costs what a real one costs. */
const NO_DOCUMENT = { patientId: "", category: "document_referral" as const, recordId: "" };
const NOT_FOUND = "no document with this exchange number for your institution";

/** The document an exchange number stands for now: its latest version (an amended document keeps the number). */
async function byExchangeNumber(n: string): Promise<DocumentEntity | null> {
  return dataSource("documents").getRepository(DocumentEntity).findOne({ where: { exchangeNumber: n }, order: { version: "DESC" } });
}

@Resolver()
export class RetrieveDocumentResolver {
  /**
   * The destination institution takes the document with the exchange number the patient brought: presenting the
   * number is the patient's consent for that institution to read that document (7 days, see the consent windows).
   * Unknown, sealed, restricted, pending (閲覧保留), withdrawn, superseded-away and otherwise-addressed numbers all
   * answer the same NOT_FOUND, change nothing and count as a failed retrieval of the institution (throttle).
   * A second retrieval at the institution that retrieved it answers the same document. A role that may read only the
   * document's metadata (the reception desk, `clerk-document-metadata`) retrieves it like anyone else (the consent is
   * the institution's) and is answered the metadata; the content follows each role's policy, so the doctor who then
   * opens it reads it. A role that may read neither is refused with FORBIDDEN for a document addressed to its
   * institution and changes nothing. At most one retrieval per request (gateway rule `one-retrieval-per-request`).
   */
  @Mutation(() => Document, { nullable: true, description: "Retrieve a document by its exchange number (引換番号, 16 digits; spaces and hyphens allowed)" })
  @Category(RECORD_CATEGORY) @Operation("retrieve", { forInstitution: true })
  async retrieveDocument(@Arg("exchangeNumber", () => String) exchangeNumber: string): Promise<Document> {
    const org = callerInstitution();
    const n = normaliseExchangeNumber(exchangeNumber);
    if (!n) throw new BadUserInputError("an exchange number has 16 digits and a valid check digit (typing error?)", { argument: "exchangeNumber" });
    const { actor, purpose } = requestContext();
    const locked = await lockedUntil(org);
    if (locked) {
      await audit().event({ eventType: "document-retrieval-refused", patientId: null, decision: "DENY", rule: "retrieval-lockout", detail: { organizationId: org, actor: actor.sub } });
      throw new RateLimitedError("too many failed retrievals from your institution; retrieval is locked for a while", Math.ceil((locked.getTime() - Date.now()) / 1000));
    }
    const doc = await byExchangeNumber(n);
    const resource = doc ? { patientId: doc.patientId, category: doc.category, sourceOrgId: doc.sourceOrgId, recordId: doc.id, withheld: doc.withheld } : NO_DOCUMENT;
    // The consent the retrieval would create, so the PDP decides exactly what it would then allow.
    const presented: ConsentAttr = { id: "exchange-number", status: "ACTIVE", organizationId: org, purpose, categories: [resource.category], expiresAt: null, recordIds: [resource.recordId] };
    // Decided as a read of the document's metadata: the content's decision where the role may read the content, else
    // the document_metadata line's (viaMetadata), one evaluation for every role (see readRole).
    const d = await policyRuntime().evaluate({ ...resource, aspect: "metadata" as const }, { consents: [presented] });
    const metadataOnly = d.viaMetadata === true;
    const again = doc?.status === "RETRIEVED" && doc.retrievedByOrg === org;
    const live = doc !== null && (doc.status === "AVAILABLE" || again) && (doc.destinationOrgId === null || doc.destinationOrgId === org) && purpose === "TREAT";
    const hidden = d.flags.includes("sealed-other") || d.flags.includes("restricted-no-emergency") || !d.basis.allowed;
    const refuse = async (rule: string) => audit().event({ eventType: "document-retrieval-refused", patientId: doc?.patientId ?? null, category: resource.category,
      recordIds: doc ? [doc.id] : null, decision: "DENY", rule, detail: { organizationId: org, actor: actor.sub } });
    if (!doc || !live || hidden || (!d.allowed && doc.destinationOrgId !== org)) {
      await refuse(!doc ? "unknown-exchange-number" : !live ? "not-available" : d.rule);
      await recordFailure(org);
      throw new NotFoundError(NOT_FOUND);
    }
    if (!d.allowed) {
      await refuse(d.rule);
      throw new ForbiddenError("your role may not read this document or its metadata; ask the reception desk, a doctor or a nurse of your institution to retrieve it", { category: doc.category, rule: d.rule });
    }
    if (again) {
      await audit().event({ eventType: "document-retrieved", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], decision: "ALLOW", rule: d.rule, detail: { organizationId: org, again: true, metadataOnly } });
      return toDocument(doc);
    }
    const retrievedAt = new Date();
    await dataSource("documents").transaction(async (m) => {
      await grantConsent({ patientId: doc.patientId, organizationId: org, purpose, source: "EXCHANGE", categories: [doc.category], recordIds: [doc.id],
        expiresAt: exchangeExpiry(retrievedAt), originId: doc.id, detail: { exchangeNumberUsed: true } }, m);
      await m.getRepository(DocumentEntity).update({ id: doc.id }, { status: "RETRIEVED", retrievedAt, retrievedByOrg: org });
    });
    await audit().event({ eventType: "document-retrieved", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], decision: "ALLOW", rule: d.rule, detail: { organizationId: org, metadataOnly } });
    return toDocument({ ...doc, status: "RETRIEVED", retrievedAt, retrievedByOrg: org });
  }
}
