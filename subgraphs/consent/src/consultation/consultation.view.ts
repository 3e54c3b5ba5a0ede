import type { Party } from "./consultation.policy.js";
import { effectiveStatus, type ConsultationRow } from "./consultation.store.js";
import { ConsultationBasis, type Consultation, type ConsultationStatus, type PatientConsultation } from "./consultation.type.js";

const basisOf = (c: ConsultationRow): ConsultationBasis | null =>
  c.consentId === null ? null : c.basedOn ? ConsultationBasis.ONWARD_SHARING : ConsultationBasis.PATIENT_APPROVAL;
const answerOf = (c: ConsultationRow) => (c.answeredAt ? { text: c.answerText ?? "", resources: c.answerResources ?? [], answeredAt: c.answeredAt } : null);

/** A consultation as a doctor who is a party sees it: the specialist knows the patient by her linked id only. */
export function toConsultation(c: ConsultationRow, party: Party): Consultation {
  const specialist = party === "specialist";
  return {
    id: c.id, status: effectiveStatus(c) as ConsultationStatus, question: c.question, categories: c.categories as Consultation["categories"], recordIds: c.recordIds,
    expiresAt: c.expiresAt, createdAt: c.createdAt, requesterOrganization: null, requesterPractitionerId: c.requesterSub, specialistOrganization: null,
    specialistPractitionerId: c.specialistSub, linkedId: c.linkedId, patientId: specialist ? null : c.patientId,
    patient: { id: specialist ? c.linkedId : c.patientId }, identityShared: c.shareIdentity, basis: basisOf(c), answer: answerOf(c),
    requesterOrg: c.requesterOrg, specialistOrg: c.specialistOrg,
  };
}

export function toPatientConsultation(c: ConsultationRow): PatientConsultation {
  return {
    patientId: c.patientId, id: c.id, status: effectiveStatus(c) as ConsultationStatus, question: c.question, categories: c.categories as PatientConsultation["categories"],
    recordIds: c.recordIds, expiresAt: c.expiresAt, createdAt: c.createdAt, requesterOrganizationId: c.requesterOrg, requesterPractitionerId: c.requesterSub,
    specialistOrganizationId: c.specialistOrg, specialistPractitionerId: c.specialistSub, linkedId: c.linkedId, identityShared: c.shareIdentity,
    basis: basisOf(c), answer: answerOf(c),
  };
}
