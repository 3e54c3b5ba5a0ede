import { patientReference } from "@hub/policies";
import { ConfirmEligibilityResolver } from "./confirm/confirm.resolver.js";
import { EligibilityPatient } from "./qualification/qualification.type.js";
import type { ServiceModule } from "@hub/common";
import { QualificationEntity } from "./qualification/qualification.entity.js";
import { EligibilityResolver } from "./qualification/qualification.resolver.js";
import { EligibilityInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { seedEligibility } from "./seed/demo.js";

/** Eligibility subgraph: online qualification results and card-reader consent flags. */
export const eligibilityService: ServiceModule = {
  name: "eligibility",
  dbSchema: "eligibility",
  entities: [QualificationEntity],
  migrations: [EligibilityInitial1700000000000],
  definition: { name: "eligibility", resolvers: [EligibilityResolver, ConfirmEligibilityResolver], orphanedTypes: [EligibilityPatient], referenceResolvers: { Patient: patientReference } },
  seed: seedEligibility,
};
