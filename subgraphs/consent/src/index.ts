import { AccessLogEntryResolver, AccessLogResolver } from "./access-log/access-log.resolver.js";
import { PatientRef } from "./me/patient.type.js";
import type { ServiceModule } from "@hub/common";
import { ConsentEntity } from "./consent/consent.entity.js";
import { ConsentFieldsResolver, ConsentResolver } from "./consent/consent.resolver.js";
import { MeResolver } from "./me/me.resolver.js";
import { ConsentInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { ConsentAudit1700000000001 } from "./migrations/1700000000001-audit.js";
import { OrganizationEntity } from "./organization/organization.entity.js";
import { OrganizationResolver, loadOrganization } from "./organization/organization.resolver.js";
import { SealEntity } from "./seal/seal.entity.js";
import { SealResolver } from "./seal/seal.resolver.js";
import { seedConsent } from "./seed/demo.js";

export { DEMO_ORGANIZATIONS } from "./seed/demo.js";

/** Consent subgraph: institution registry, consents, seals, emergency access, access log, `me`. */
export const consentService: ServiceModule = {
  name: "consent",
  dbSchema: "consent",
  entities: [OrganizationEntity, ConsentEntity, SealEntity],
  migrations: [ConsentInitial1700000000000, ConsentAudit1700000000001],
  definition: {
    name: "consent",
    resolvers: [MeResolver, OrganizationResolver, ConsentResolver, ConsentFieldsResolver, SealResolver, AccessLogResolver, AccessLogEntryResolver],
    orphanedTypes: [PatientRef],
    referenceResolvers: {
      Patient: (ref) => ({ id: ref.id }),
      Organization: (ref) => loadOrganization(String(ref.id)),
    },
  },
  seed: seedConsent,
};
