import { randomUUID } from "node:crypto";
import { Arg, Mutation, Resolver } from "type-graphql";
import type { EntityManager } from "typeorm";
import { BadUserInputError, Category, callerInstitution, config, ConflictError, dataSource, NON_PATIENT, Operation, type OperationFacts } from "@hub/common";
import { audit } from "@hub/policies";
import { documentStage, fhirR4Stage, requireValid } from "../fhir/validate.js";
import { documentTypeOf, typeCodeOf } from "../fhir/document-rules.js";
import { attachmentRules, extractAttachments } from "../fhir/attachments.js";
import { authorOrganizationOf } from "../fhir/author.js";
import { entries } from "../fhir/walk.js";
import { insuredIdOf } from "../fhir/patient-rules.js";
import { matchPatient } from "./match-patient.js";
import { contentHash, priorOf, supersede, versionStatus } from "./versions.js";
import { newExchangeNumber } from "../exchange/exchange-number.js";
import { DOCUMENT_TYPES, DocumentEntity } from "./document.entity.js";
import { DocumentStatus, DocumentTypeEnum } from "./document.type.js";
import { RegisterDocumentInput, RegisterDocumentResult } from "./register.types.js";

/** Insert with a fresh exchange number (or the one a new version keeps); a clash with a live number (unique index) draws again. */
async function insertWithExchangeNumber(m: EntityManager, doc: Omit<DocumentEntity, "exchangeNumber">, keep?: string | null): Promise<DocumentEntity> {
  for (let attempt = 0; ; attempt++) {
    const row: DocumentEntity = { ...doc, exchangeNumber: attempt === 0 && keep ? keep : newExchangeNumber() };
    try {
      await m.query("SAVEPOINT exchange_number");
      await m.getRepository(DocumentEntity).insert(row);
      return row;
    } catch (e) {
      await m.query("ROLLBACK TO SAVEPOINT exchange_number");
      if ((e as { code?: string }).code !== "23505" || attempt >= 5) throw e;
    }
  }
}

/**
 * What registering this Bundle touches, for the PDP: the category of its document type and the institution that
 * authored it, which must be the caller's (a system acts only for its institution). A Bundle too broken to tell
 * constrains nothing here; the checks refuse it.
 */
function registrationFacts(args: Record<string, unknown>): OperationFacts {
  const bundle = (args.input as { bundle?: unknown } | undefined)?.bundle;
  if (typeof bundle !== "object" || bundle === null || Array.isArray(bundle)) return {};
  try {
    const type = documentTypeOf(bundle as Record<string, unknown>) as DocumentTypeEnum | null;
    return { category: type ? DOCUMENT_TYPES[type].category : undefined, institution: authorOrganizationOf(bundle as Record<string, unknown>) ?? undefined };
  } catch {
    return {};
  }
}

@Resolver()
export class RegisterDocumentResolver {
  /**
   * 3文書の登録 (SPEC §7): the Bundle is checked (FHIR R4 structure, document consistency, JP-CLINS rules,
   * attachments); the author institution must be the caller's; the patient is matched by insured-person id or
   * created; attachments move to the content-addressed store. Any failure stores nothing.
   */
  @Mutation(() => RegisterDocumentResult, { description: "Check and register a document; on any failure nothing is stored" }) @Category(NON_PATIENT) @Operation("register", { forInstitution: true, facts: registrationFacts })
  async registerDocument(@Arg("input", () => RegisterDocumentInput) input: RegisterDocumentInput): Promise<RegisterDocumentResult> {
    const org = callerInstitution();
    const dest = input.destinationOrganizationId ?? null;
    if (dest !== null && !/^\d{10}$/.test(dest)) throw new BadUserInputError("destinationOrganizationId must be a 10-digit institution code", { argument: "destinationOrganizationId" });
    requireValid(input.bundle, fhirR4Stage, documentStage, (b) => attachmentRules(b, config().maxAttachmentBytes));
    const bundle = input.bundle as Record<string, unknown>;
    const type = documentTypeOf(bundle) as DocumentTypeEnum | null;
    if (!type) throw new BadUserInputError(`document type ${typeCodeOf(entries(bundle)[0]?.resource) ?? "(none)"} is not one the hub exchanges`, { argument: "bundle" });
    const hash = contentHash(bundle);
    const identifier = String((bundle.identifier as { value: string }).value);
    const files = extractAttachments(bundle);
    const { row, repeated, supersedes } = await dataSource("documents").transaction(async (m) => {
      const patientId = await matchPatient(m, bundle, insuredIdOf(bundle)!);
      const prior = await priorOf(m, org, identifier, hash, bundle);
      if (prior.kind === "same") return { row: prior.doc, repeated: true, supersedes: null };
      const latest = prior.kind === "version" ? prior.latest : null;
      if (latest && latest.patientId !== patientId) throw new ConflictError("a new version must be about the same patient as the document it replaces");
      if (latest) await m.getRepository(DocumentEntity).update({ id: latest.id }, { status: "SUPERSEDED" });
      const status = latest ? versionStatus(latest, input.consentAtIssuance) : input.consentAtIssuance ? DocumentStatus.AVAILABLE : DocumentStatus.PENDING_CONSENT;
      const doc = await insertWithExchangeNumber(m, {
        id: randomUUID(), patientId, type, category: DOCUMENT_TYPES[type].category, sourceOrgId: org, destinationOrgId: dest ?? latest?.destinationOrgId ?? null, status,
        issuance: input.issuance, title: DOCUMENT_TYPES[type].title, issuedAt: new Date(), withheld: false, bundle,
        bundleIdentifier: identifier, contentHash: hash, version: (latest?.version ?? 0) + 1, supersedesId: latest?.id ?? null,
      }, latest?.exchangeNumber);
      if (latest) await supersede(m, latest, doc);
      for (const [position, f] of files.entries()) {
        await m.query(`INSERT INTO documents.attachments (sha256, content_type, size, content) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
          [f.sha256, f.contentType, f.data.length, f.data]);
        await m.query(`INSERT INTO documents.document_attachments (document_id, sha256, position, title) VALUES ($1, $2, $3, $4)`, [doc.id, f.sha256, position, f.title]);
      }
      return { row: doc, repeated: false, supersedes: latest?.id ?? null };
    });
    if (!repeated) {
      await audit().event({ eventType: supersedes ? "document-superseded" : "document-registered", patientId: row.patientId, category: row.category, recordIds: supersedes ? [row.id, supersedes] : [row.id],
        detail: { type, issuance: input.issuance, destination: row.destinationOrgId, status: row.status, version: row.version, supersedes, attachments: files.map((f) => f.sha256) } });
    }
    return { document: { id: row.id, type: row.type as DocumentTypeEnum, status: row.status as DocumentStatus, version: row.version ?? 1 }, exchangeNumber: row.exchangeNumber!, repeated };
  }
}
