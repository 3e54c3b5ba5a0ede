import { RegisterDocumentResolver } from "./document/register.resolver.js";
import { DocumentsEmergencySummary, EmergencySummaryDocumentsResolver } from "./document/emergency-summary.resolver.js";
import { withMarker } from "@hub/policies";
import { Document, DocumentsPatient } from "./document/document.type.js";
import { dataSource, type ServiceModule } from "@hub/common";
import { DocumentEntity } from "./document/document.entity.js";
import { PatientDocumentsResolver, toDocument } from "./document/document.resolver.js";
import { DocumentsInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { seedDocuments } from "./seed/demo.js";

/** Documents subgraph: referral letters, discharge summaries and checkup reports (3文書). */
export const documentsService: ServiceModule = {
  name: "documents",
  dbSchema: "documents",
  entities: [DocumentEntity],
  migrations: [DocumentsInitial1700000000000],
  definition: {
    name: "documents",
    resolvers: [PatientDocumentsResolver, EmergencySummaryDocumentsResolver, RegisterDocumentResolver],
    orphanedTypes: [DocumentsPatient, Document, DocumentsEmergencySummary],
    referenceResolvers: {
      Patient: (ref) => ({ id: ref.id }),
      EmergencySummary: (ref) => withMarker({ patientId: String(ref.patientId) }),
      Document: async (ref) => {
        const row = await dataSource("documents").getRepository(DocumentEntity).findOneBy({ id: String(ref.id) });
        return row ? toDocument(row) : null;
      },
    },
  },
  seed: seedDocuments,
};
