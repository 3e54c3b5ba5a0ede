import { patientReference } from "@hub/policies";
import { PhrWriteResolver } from "./phr/phr-write.resolver.js";
import { PhrPatient } from "./phr/phr.type.js";
import type { ServiceModule } from "@hub/common";
import { QuestionnaireEntity, ReservationEntity, VitalEntity } from "./phr/phr.entity.js";
import { PhrPatientResolver } from "./phr/phr.resolver.js";
import { PhrInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { seedPhr } from "./seed/demo.js";

/** PHR subgraph: what the patient records or sends (vitals, questionnaires, reservations). */
export const phrService: ServiceModule = {
  name: "phr",
  dbSchema: "phr",
  entities: [VitalEntity, QuestionnaireEntity, ReservationEntity],
  migrations: [PhrInitial1700000000000],
  definition: { name: "phr", resolvers: [PhrPatientResolver, PhrWriteResolver], orphanedTypes: [PhrPatient], referenceResolvers: { Patient: patientReference } },
  seed: seedPhr,
};
