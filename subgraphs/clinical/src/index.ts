import { EmergencySummaryResolver } from "./emergency/emergency-summary.resolver.js";
import { patientReference, withMarker } from "@hub/policies";
import type { ServiceModule } from "@hub/common";
import { PatientEntity } from "./patient/patient.entity.js";
import { PatientResolver } from "./patient/patient.resolver.js";
import { ClinicalRecordEntity } from "./records/record.entity.js";
import { ClinicalInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { seedClinical } from "./seed/demo.js";
import { referenceFor } from "./records/record.lookup.js";

export { DEMO_PATIENTS } from "./seed/demo.js";
export { PatientEntity, ClinicalRecordEntity };
export * from "./patient/patient.store.js";
export * from "./patient/patient-search.js";
export { Gender } from "./patient/gender.type.js";
export * from "./records/record.store.js";

/** Clinical subgraph: patient demographics and the six kinds of clinical information (6情報). */
export const clinicalService: ServiceModule = {
  name: "clinical",
  dbSchema: "clinical",
  entities: [PatientEntity, ClinicalRecordEntity],
  migrations: [ClinicalInitial1700000000000],
  definition: {
    name: "clinical",
    resolvers: [PatientResolver, EmergencySummaryResolver],
    referenceResolvers: {
      Patient: patientReference,
      EmergencySummary: (ref) => withMarker({ patientId: String(ref.patientId) }),
      ...Object.fromEntries(["Condition", "Allergy", "Infection", "Contraindication", "LabResult", "Prescription"].map((t) => [t, referenceFor(t)])),
    },
  },
  seed: seedClinical,
};
