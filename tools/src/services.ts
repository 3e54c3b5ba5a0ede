import type { ServiceModule } from "@hub/common";
import { clinicalService } from "@hub/clinical";
import { consentService } from "@hub/consent";
import { documentsService } from "@hub/documents";
import { eligibilityService } from "@hub/eligibility";
import { phrService } from "@hub/phr";
import { researchService } from "@hub/research";

/** Every subgraph, in migration and seeding order (the directory and consents first). */
export const SERVICES: ServiceModule[] = [consentService, clinicalService, documentsService, eligibilityService, phrService, researchService];
