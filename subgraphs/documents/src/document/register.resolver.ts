import { randomInt, randomUUID } from "node:crypto";
import { Arg, Mutation, Resolver } from "type-graphql";
import type { EntityManager } from "typeorm";
import { BadUserInputError, Category, FhirValidationError, ForbiddenError, NON_PATIENT, NotFoundError, RECORD_CATEGORY, dataSource, institutionOf } from "@hub/common";
import { audit } from "@hub/policies";
import { validateDocumentBundle } from "../fhir/validate.js";
import { documentTypeOf } from "../fhir/document-rules.js";
import { authorOrganizationOf, patientFieldsOf } from "../fhir/author.js";
import { insuredIdOf } from "../fhir/patient-rules.js";
import { DOCUMENT_TYPES, DocumentEntity } from "./document.entity.js";
import { Document, DocumentStatus, DocumentTypeEnum } from "./document.type.js";
import { toDocument } from "./document.resolver.js";
import { RegisterDocumentInput, RegisterDocumentResult } from "./register.types.js";

const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

/** The patient by insured-person id, created from the Bundle's Patient when unknown (SPEC §7). */
async function matchPatient(m: EntityManager, bundle: Record<string, unknown>, insuredId: string): Promise<string> {
  const [known] = (await m.query(`SELECT id FROM clinical.patients WHERE insurance_member_id = $1`, [insuredId])) as { id: string }[];
  if (known) return known.id;
  const p = patientFieldsOf(bundle);
  if (!p.birthDate) throw new FhirValidationError([{ ruleId: "fhir-required", path: "Patient.birthDate", message: "a new patient needs a birth date", severity: "error" }]);
  const id = `P-${randomUUID().slice(0, 8)}`;
  await m.query(`INSERT INTO clinical.patients (id, name, kana, birth_date, gender, insurance_member_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, p.name ?? "(氏名不明)", p.kana, p.birthDate, p.gender ?? "unknown", insuredId]);
  return id;
}

@Resolver()
export class RegisterDocumentResolver {
  @Mutation(() => RegisterDocumentResult, { description: "Check and register a document; on any failure nothing is stored" }) @Category(NON_PATIENT)
  async registerDocument(@Arg("input", () => RegisterDocumentInput) input: RegisterDocumentInput): Promise<RegisterDocumentResult> {
    const { org } = institutionOf(["doctor", "system"], "registering documents");
    if (JSON.stringify(input.bundle ?? null).length > MAX_BUNDLE_BYTES) throw new BadUserInputError("the bundle is larger than 5 MiB", { argument: "bundle" });
    const issues = validateDocumentBundle(input.bundle);
    if (issues.length > 0) throw new FhirValidationError(issues);
    const bundle = input.bundle as Record<string, unknown>;
    if (authorOrganizationOf(bundle) !== org) {
      throw new ForbiddenError("the document's author organization must be the caller's institution", { rule: "author-organization" });
    }
    const dest = input.destinationOrganizationId ?? null;
    if (dest !== null && !/^\d{10}$/.test(dest)) throw new BadUserInputError("destinationOrganizationId must be a 10-digit institution code", { argument: "destinationOrganizationId" });
    const type = documentTypeOf(bundle)! as DocumentTypeEnum;
    const status = input.consentAtIssuance ? DocumentStatus.AVAILABLE : DocumentStatus.PENDING_CONSENT;
    const insured = insuredIdOf(bundle)!;
    const row = await dataSource("documents").transaction(async (m) => {
      const patientId = await matchPatient(m, bundle, insured);
      for (let attempt = 0; ; attempt++) {
        const exchangeNumber = String(randomInt(10_000_000, 100_000_000));
        const doc: DocumentEntity = {
          id: randomUUID(), patientId, type, category: DOCUMENT_TYPES[type].category, sourceOrgId: org, destinationOrgId: dest, status,
          issuance: input.issuance, exchangeNumber, title: DOCUMENT_TYPES[type].title, issuedAt: new Date(), withheld: false, bundle,
        };
        try {
          await m.query("SAVEPOINT exchange_number");
          await m.getRepository(DocumentEntity).insert(doc);
          return doc;
        } catch (e) {
          await m.query("ROLLBACK TO SAVEPOINT exchange_number");
          if ((e as { code?: string }).code !== "23505" || attempt >= 5) throw e;
        }
      }
    });
    await audit().event({ eventType: "document-registered", patientId: row.patientId, category: row.category, recordIds: [row.id],
      detail: { type, issuance: input.issuance, destination: dest, status } });
    return { document: { id: row.id, type, status }, exchangeNumber: row.exchangeNumber! };
  }

  /**
   * The destination institution takes the document with the exchange number the patient brought: presenting the
   * number is the patient's consent for that institution to read this kind of document (7 days).
   */
  @Mutation(() => Document, { nullable: true, description: "Retrieve a document by its exchange number (引換番号)" }) @Category(RECORD_CATEGORY)
  async retrieveDocument(@Arg("exchangeNumber", () => String) exchangeNumber: string): Promise<Document> {
    const { org } = institutionOf(["doctor", "nurse", "pharmacist", "clerk", "system"], "retrieving documents");
    if (!/^\d{8}$/.test(exchangeNumber)) throw new BadUserInputError("an exchange number has 8 digits", { argument: "exchangeNumber" });
    const ds = dataSource("documents");
    const doc = await ds.getRepository(DocumentEntity).findOneBy({ exchangeNumber });
    const live = doc && (doc.status === "AVAILABLE" || doc.status === "PENDING_CONSENT") && (doc.destinationOrgId === null || doc.destinationOrgId === org);
    if (!doc || !live) throw new NotFoundError("no document with this exchange number for your institution");
    if (doc.status === "PENDING_CONSENT") throw new ForbiddenError("the patient has not yet agreed to this document being viewed (閲覧保留)", { rule: "pending-consent" });
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, expires_at, source) VALUES ($1, $2, $3, 'TREAT', $4, $5, 'EXCHANGE')`,
        [randomUUID(), doc.patientId, org, [doc.category], new Date(Date.now() + 7 * 86_400_000).toISOString()]);
      await m.getRepository(DocumentEntity).update({ id: doc.id }, { status: "RETRIEVED" });
    });
    await audit().event({ eventType: "document-retrieved", patientId: doc.patientId, category: doc.category, recordIds: [doc.id], detail: { organizationId: org } });
    return toDocument({ ...doc, status: "RETRIEVED" });
  }
}
