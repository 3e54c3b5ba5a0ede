import type { ServiceModule } from "@hub/common";
import { CatalogResolver } from "./catalog/catalog.resolver.js";
import { startExtractionWorker } from "./extraction/extraction.job.js";
import { ExtractionJobResolver } from "./extraction/job.resolver.js";
import { ResearchInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { ResearchSecondaryUse1700000000001 } from "./migrations/1700000000001-secondary-use.js";
import { ResearchExtractionIndexes1700000000002 } from "./migrations/1700000000002-extraction-indexes.js";
import { ResearchProcessingBulk1700000000003 } from "./migrations/1700000000003-processing-bulk.js";
import { bulkDataRoute } from "./bulk/route.js";
import { OptOutResolver } from "./optout/opt-out.resolver.js";
import { DatasetRequestResolver } from "./request/request.resolver.js";

/**
 * Research subgraph: secondary use (SPEC §9, docs/secondary-use.md): catalog, dataset requests and their review,
 * pseudonymised or anonymised extraction jobs with k-anonymity (GraphQL paging and FHIR Bulk Data export), and the
 * patient's opt-out.
 */
export const researchService: ServiceModule = {
  name: "research",
  dbSchema: "research",
  entities: [],
  migrations: [ResearchInitial1700000000000, ResearchSecondaryUse1700000000001, ResearchExtractionIndexes1700000000002, ResearchProcessingBulk1700000000003],
  definition: { name: "research", resolvers: [CatalogResolver, DatasetRequestResolver, ExtractionJobResolver, OptOutResolver] },
  // FHIR Bulk Data export (SPEC §12), reached through the gateway's /fhir routes with the signed hub context
  contextRoutes: { "GET /fhir/*": bulkDataRoute, "DELETE /fhir/*": bulkDataRoute },
  background: (ds) => startExtractionWorker(ds),
};

export { runJob, Interrupted } from "./extraction/engine.js";
export { claimJob } from "./extraction/job-store.js";
export { sqlOfClient, sqlOf } from "./extraction/sql.js";
export { planKAnonymity, isKAnonymous } from "./anonymity/k-anonymity.js";
