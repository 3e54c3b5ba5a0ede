import type { AuditEvent } from "./audit-store.js";

const DCM = "http://dicom.nema.org/resources/ontology/DCM";

/** DICOM audit event types (DICOM PS3.15 A.5) by hub event. */
const TYPE: Record<string, { code: string; display: string }> = {
  access: { code: "110110", display: "Patient Record" },
  "emergency-started": { code: "110127", display: "Emergency Override Started" },
  "emergency-used": { code: "110110", display: "Patient Record" },
  "emergency-ended": { code: "110138", display: "Emergency Override Stopped" },
  "emergency-lookup": { code: "110112", display: "Query" },
  "token-issued": { code: "110114", display: "User Authentication" },
  "token-refused": { code: "110114", display: "User Authentication" },
  "institution-changed": { code: "110136", display: "Security Roles Changed" },
  "client-changed": { code: "110136", display: "Security Roles Changed" },
};

/**
 * One audit event as a FHIR R4 AuditEvent (outcome 0 = success, 4 = minor failure, used for denied reads;
 * purposeOfEvent from HL7 v3 ActReason, the PurposeOfUse codes of the request).
 */
export function toFhirAuditEvent(e: AuditEvent): Record<string, unknown> {
  const type = TYPE[e.eventType] ?? { code: "110106", display: "Export" };
  const isRead = e.eventType === "access" || e.eventType === "emergency-used";
  const entities = [
    ...(e.patientId ? [{ what: { reference: `Patient/${e.patientId}` }, type: { code: "1" }, role: { code: "1" } }] : []),
    ...(e.recordIds ?? []).map((id) => ({ what: { identifier: { value: id } }, type: { code: "2" }, detail: e.category ? [{ type: "category", valueString: e.category }] : undefined })),
  ];
  return {
    resourceType: "AuditEvent",
    id: `hub-${e.seq}`,
    type: { system: DCM, code: type.code, display: type.display },
    subtype: [{ system: "urn:hub:audit-event", code: e.eventType }],
    action: isRead ? "R" : e.eventType === "emergency-lookup" ? "E" : e.eventType.endsWith("removed") || e.eventType.endsWith("revoked") ? "D" : "C",
    recorded: e.at.toISOString(),
    outcome: e.decision === "DENY" ? "4" : "0",
    outcomeDesc: e.rule ?? undefined,
    purposeOfEvent: e.purpose ? [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActReason", code: e.purpose }] }] : undefined,
    agent: [{
      who: { identifier: { value: e.actorSub } },
      role: [{ text: e.actorRole }],
      requestor: true,
      ...(e.actorOrg ? { location: { identifier: { system: "urn:hub:institution-code", value: e.actorOrg } } } : {}),
    }],
    source: { observer: { display: "medical-exchange-hub" }, type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4" }] },
    // no entity at all when the event is about no patient and no record (FHIR JSON has no empty arrays)
    entity: entities.length > 0 ? entities : undefined,
    extension: [{ url: "urn:hub:audit-chain", valueString: `${e.seq}:${e.hash}` }],
  };
}
