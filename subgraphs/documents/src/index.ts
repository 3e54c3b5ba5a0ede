import { dataSource, type ServiceModule } from "@hub/common";
import { patientReference, withMarker } from "@hub/policies";
import { RegisterDocumentResolver } from "./document/register.resolver.js";
import { DocumentExchangeResolver } from "./document/exchange.resolver.js";
import { RetrieveDocumentResolver } from "./exchange/retrieve.resolver.js";
import { IssuedDocumentsResolver } from "./issuer/issued.resolver.js";
import { ShareDocumentResolver } from "./document/share.resolver.js";
import { DocumentsEmergencySummary, EmergencySummaryDocumentsResolver } from "./document/emergency-summary.resolver.js";
import { Document, DocumentsPatient } from "./document/document.type.js";
import { DocumentEntity } from "./document/document.entity.js";
import { PatientDocumentsResolver, toDocument, visibleDocuments } from "./document/document.resolver.js";
import { DocumentAttachmentsResolver } from "./attachment/attachment.resolver.js";
import { attachmentRoute } from "./attachment/attachment.route.js";
import { slipRoute } from "./slip/slip.route.js";
import { IncomingDocumentsResolver } from "./incoming/incoming.resolver.js";
import { SubmitClinicalResolver } from "./ingest/submit.resolver.js";
import { DocumentsInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { DocumentsExchange1700000000001 } from "./migrations/1700000000001-exchange.js";
import { DocumentsVersions1700000000019 } from "./migrations/1700000000019-versions.js";
import { DocumentsJobRuns1700000000024 } from "./migrations/1700000000024-job-runs.js";
import { seedDocuments } from "./seed/demo.js";
import { r4Definitions } from "./fhir/r4/definitions.js";
import { scheduleRetention } from "./retention/retention.schedule.js";

export { validateClinicalBundle, validateDocumentBundle, validateResource, validateR4, hasErrors } from "./fhir/validate.js";
export * from "./fhir/build/index.js";
export { mapResource, storedResource, type MappedRecord } from "./ingest/record-mapping.js";
export { YJ_SYSTEM } from "./fhir/resource-rules.js";
export { attachmentRules } from "./fhir/attachments.js";
export { r4Definitions } from "./fhir/r4/definitions.js";

/** Documents subgraph: referral letters, discharge summaries and checkup reports (3文書). */
export const documentsService: ServiceModule = {
  name: "documents",
  dbSchema: "documents",
  entities: [DocumentEntity],
  migrations: [DocumentsInitial1700000000000, DocumentsExchange1700000000001, DocumentsVersions1700000000019, DocumentsJobRuns1700000000024],
  definition: {
    name: "documents",
    resolvers: [PatientDocumentsResolver, EmergencySummaryDocumentsResolver, RegisterDocumentResolver, DocumentExchangeResolver, RetrieveDocumentResolver, IssuedDocumentsResolver, ShareDocumentResolver,
      DocumentAttachmentsResolver, IncomingDocumentsResolver, SubmitClinicalResolver],
    orphanedTypes: [DocumentsPatient, Document, DocumentsEmergencySummary],
    referenceResolvers: {
      Patient: patientReference,
      EmergencySummary: (ref) => withMarker({ patientId: String(ref.patientId) }),
      Document: async (ref) => {
        const row = await visibleDocuments().andWhere("d.id = :id", { id: String(ref.id) }).getOne();
        return row ? toDocument(row) : null;
      },
    },
  },
  seed: seedDocuments,
  contextRoutes: { "GET /attachments": attachmentRoute, "GET /slips": slipRoute },
  // Load the FHIR R4 definitions soon after start-up rather than on the first registration.
  // Retention runs on its schedule (RETENTION_INTERVAL_MINUTES), one run at a time across processes.
  // The definitions load blocks this process's event loop (about 1.5 s, several seconds on a loaded machine); the
  // embedded database and the gateway's first connections live in the same process under `npm start`, so the load
  // waits until start-up has connected everything (a pg connect timer that fires during the block fails start-up).
  background: (ds) => {
    const t = setTimeout(() => r4Definitions(), 3000);
    t.unref();
    const stopRetention = scheduleRetention(ds);
    return () => { clearTimeout(t); stopRetention(); };
  },
};
export { runRetention, retentionJobs, type RetentionReport } from "./retention/retention.job.js";
export { retentionTick } from "./retention/retention.schedule.js";
