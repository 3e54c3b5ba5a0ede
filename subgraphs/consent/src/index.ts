import { ConsentSharing1700000000004 } from "./migrations/1700000000004-sharing.js";
import { SpecialistShareResolver } from "./consent/share.resolver.js";
import { PolicyAdminResolver } from "./policy-admin/policy-admin.resolver.js";
import { ConsentPolicyVersions1700000000003 } from "./migrations/1700000000003-policy-versions.js";
import { EmergencyAccessResolver } from "./emergency/emergency.resolver.js";
import { DisasterResolver } from "./emergency/disaster.resolver.js";
import { EmergencyReviewResolver } from "./emergency/review.resolver.js";
import { DisasterEntity, EmergencyAccessEntity } from "./emergency/emergency.entity.js";
import { startExpiryJob } from "./emergency/expiry.job.js";
import { ConsentEmergency1700000000002 } from "./migrations/1700000000002-emergency.js";
import { AccessLogEntryResolver, AccessLogResolver } from "./access-log/access-log.resolver.js";
import { PatientRef } from "./me/patient.type.js";
import { config, type ServiceModule } from "@hub/common";
import { ConsentFieldsResolver, ConsentResolver } from "./consent/consent.resolver.js";
import { MeResolver } from "./me/me.resolver.js";
import { ConsentInitial1700000000000 } from "./migrations/1700000000000-initial.js";
import { ConsentAudit1700000000001 } from "./migrations/1700000000001-audit.js";
import { OrganizationEntity } from "./organization/organization.entity.js";
import { OrganizationResolver, loadOrganization } from "./organization/organization.resolver.js";
import { SealResolver } from "./seal/seal.resolver.js";
import { seedConsent } from "./seed/demo.js";
import { ConsentTrust1700000000005 } from "./migrations/1700000000005-trust.js";
import { ConsentScoped1700000000006 } from "./migrations/1700000000006-scoped-consents.js";
import { ConsentOrganizationSearch1700000000025 } from "./migrations/1700000000025-organization-search.js";
import { ConsentAuditChains1700000000023 } from "./migrations/1700000000023-audit-chains.js";
import { ConsentJobRuns1700000000024 } from "./migrations/1700000000024-job-runs.js";
import { ConsentEmergencyResponse1700000000021 } from "./migrations/1700000000021-emergency-response.js";
import { FindPatientResolver } from "./emergency/find-patient.resolver.js";
import { EmergencyNotificationFieldsResolver, EmergencyNotificationResolver } from "./emergency/notification.resolver.js";
import { InstitutionAdminResolver } from "./organization/institution.resolver.js";
import { SystemClientEntity, SystemClientKeyEntity } from "./client/system-client.entity.js";
import { SystemClientResolver } from "./client/system-client.resolver.js";
import { ConsentConsultationsNotifications1700000000030 } from "./migrations/1700000000030-consultations-notifications.js";
import { ConsentAuditAppendLazyLocks1700000000031 } from "./migrations/1700000000031-audit-append-lazy-locks.js";
import { ConsultationResolver } from "./consultation/consultation.resolver.js";
import { ConsultationFieldsResolver, PatientConsultationsResolver } from "./consultation/consultation-fields.resolver.js";
import { NotificationResolver } from "./notification/notification.resolver.js";
import { WebhookResolver } from "./notification/webhook.resolver.js";
import { notificationStreamRoute } from "./notification/notification-stream.route.js";
import { startWebhookDeliveryJob } from "./notification/webhook-delivery.job.js";
import { startConsultationExpiryJob } from "./consultation/consultation-expiry.job.js";
import { patientReference } from "@hub/policies";

export { DEMO_ORGANIZATIONS } from "./seed/demo.js";
export * from "./organization/organization.store.js";
export * from "./client/trust.store.js";

/** Consent subgraph: institution registry, consents, seals, emergency access, access log, `me`. */
export const consentService: ServiceModule = {
  name: "consent",
  dbSchema: "consent",
  entities: [OrganizationEntity, EmergencyAccessEntity, DisasterEntity, SystemClientEntity, SystemClientKeyEntity],
  migrations: [ConsentInitial1700000000000, ConsentAudit1700000000001, ConsentEmergency1700000000002, ConsentPolicyVersions1700000000003, ConsentSharing1700000000004, ConsentTrust1700000000005, ConsentScoped1700000000006, ConsentEmergencyResponse1700000000021, ConsentAuditChains1700000000023, ConsentJobRuns1700000000024, ConsentOrganizationSearch1700000000025, ConsentConsultationsNotifications1700000000030, ConsentAuditAppendLazyLocks1700000000031],
  definition: {
    name: "consent",
    resolvers: [ConsultationResolver, ConsultationFieldsResolver, PatientConsultationsResolver, NotificationResolver, WebhookResolver, InstitutionAdminResolver, SystemClientResolver, SpecialistShareResolver, PolicyAdminResolver, EmergencyAccessResolver, DisasterResolver, EmergencyReviewResolver, MeResolver, OrganizationResolver, ConsentResolver, ConsentFieldsResolver, SealResolver, AccessLogResolver, AccessLogEntryResolver, FindPatientResolver, EmergencyNotificationResolver, EmergencyNotificationFieldsResolver],
    orphanedTypes: [PatientRef],
    referenceResolvers: {
      Patient: patientReference,
      Organization: (ref) => loadOrganization(String(ref.id)),
    },
  },
  seed: seedConsent,
  contextRoutes: { "GET /notifications/stream": notificationStreamRoute },
  background: (ds) => {
    const stops = [startExpiryJob(ds, config().emergencySweepMs), startConsultationExpiryJob(ds, config().emergencySweepMs), startWebhookDeliveryJob()];
    return async () => { await Promise.all(stops.map((stop) => stop())); };
  },
};

