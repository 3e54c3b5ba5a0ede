import { describe, expect, it } from "vitest";
import type { AuditEventInput } from "../audit/audit-store.js";
import { notificationInsert, notificationsFor, readerKeys, recipientOrg } from "./notification.rules.js";

const ev = (e: Partial<AuditEventInput>): AuditEventInput => ({ at: new Date(), eventType: "access", actorSub: "D-001", actorRole: "doctor", actorOrg: "1310000002", ...e });
const consultation = { consultationId: "K1", requesterOrg: "1310000002", requesterSub: "D-001", specialistOrg: "1310000005", specialistSub: "D-005", linkedId: "L-ABCDEFGHJKMN", categories: ["condition"], question: null };

describe("who is told what (notification rules)", () => {
  it("tells the patient of an emergency access, a new or withdrawn document, and the receiving institution of an incoming one", () => {
    expect(notificationsFor(ev({ eventType: "emergency-started", patientId: "P-1", actorRole: "emergency_responder", actorOrg: "1310000009", emergencyAccessId: "G1", detail: { reason: "EMERGENCY", justification: "意識障害" } })))
      .toEqual([{ recipient: "patient:P-1", kind: "EMERGENCY_ACCESS", data: { emergencyAccessId: "G1", organizationId: "1310000009", reason: "EMERGENCY", disasterId: null } }]);
    const doc = notificationsFor(ev({ eventType: "document-registered", patientId: "P-1", recordIds: ["DOC1"], detail: { type: "REFERRAL", destination: "1310000005" } }));
    expect(doc.map((n) => [n.recipient, n.kind])).toEqual([["patient:P-1", "NEW_DOCUMENT"], ["org:1310000005", "INCOMING_DOCUMENT"]]);
    expect(doc[1].data).not.toHaveProperty("patientId");
    expect(notificationsFor(ev({ eventType: "document-withdrawn", patientId: "P-1", recordIds: ["DOC1"] }))[0].kind).toBe("DOCUMENT_WITHDRAWN");
  });

  it("never carries clinical content: the justification of a break-glass, a question, records stay out", () => {
    const all = [
      ...notificationsFor(ev({ eventType: "emergency-started", patientId: "P-1", detail: { reason: "EMERGENCY", justification: "意識障害で搬送" } })),
      ...["consultation-requested", "consultation-opened", "consultation-answered", "consultation-withdrawn"].flatMap((t) =>
        notificationsFor(ev({ eventType: t as AuditEventInput["eventType"], patientId: "P-1", detail: { ...consultation, question: "心房細動" } }))),
    ];
    const text = JSON.stringify(all);
    expect(text).not.toContain("意識障害");
    expect(text).not.toContain("心房細動");
    expect(text).not.toContain("condition");
  });

  it("tells the specialist the linked id, never the hub id; the requester and the patient what is theirs", () => {
    const opened = notificationsFor(ev({ eventType: "consultation-opened", actorRole: "patient", patientId: "P-1", detail: consultation }));
    expect(opened).toEqual([{ recipient: "user:1310000005:D-005", kind: "CONSULTATION_RECEIVED", data: { consultationId: "K1", linkedId: "L-ABCDEFGHJKMN", organizationId: "1310000002" } }]);
    expect(JSON.stringify(opened)).not.toContain("P-1");
    const answered = notificationsFor(ev({ eventType: "consultation-answered", patientId: "P-1", detail: consultation }));
    expect(answered.map((n) => [n.recipient, n.kind])).toEqual([["user:1310000002:D-001", "CONSULTATION_ANSWERED"], ["patient:P-1", "CONSULTATION_ANSWERED"]]);
    expect(notificationsFor(ev({ eventType: "consultation-requested", patientId: "P-1", detail: consultation }))[0]).toMatchObject({ recipient: "patient:P-1", kind: "CONSULTATION_REQUESTED" });
  });

  it("consents: flows tell the patient, her own portal grants and revocations tell the institution", () => {
    expect(notificationsFor(ev({ eventType: "consent-granted", patientId: "P-1", recordIds: ["C1"], detail: { source: "QUESTIONNAIRE", organizationId: "1310000001" } })))
      .toEqual([{ recipient: "patient:P-1", kind: "CONSENT_CREATED", data: { consentId: "C1", organizationId: "1310000001", source: "QUESTIONNAIRE" } }]);
    expect(notificationsFor(ev({ eventType: "consent-granted", actorRole: "patient", actorSub: "P-1", patientId: "P-1", recordIds: ["C2"], detail: { source: "PORTAL", organizationId: "1399999999" } })))
      .toEqual([{ recipient: "org:1399999999", kind: "CONSENT_GRANTED", data: { consentId: "C2", patientId: "P-1" } }]);
    expect(notificationsFor(ev({ eventType: "consent-revoked", actorRole: "patient", patientId: "P-1", recordIds: ["C2"], detail: { organizationId: "1399999999" } }))[0].kind).toBe("CONSENT_REVOKED");
    expect(notificationsFor(ev({ eventType: "consent-granted", patientId: "P-1", detail: { source: "CONSULTATION", organizationId: "1310000005" } }))).toEqual([]);
  });

  it("reads and operation decisions tell no one; recipients and readers have keys", () => {
    expect(notificationInsert([ev({ eventType: "access", patientId: "P-1" }), ev({ eventType: "operation" })])).toBeNull();
    const ins = notificationInsert([ev({ eventType: "document-withdrawn", patientId: "P-1", recordIds: ["D"] })]);
    expect(ins!.params).toEqual(["patient:P-1", null, "DOCUMENT_WITHDRAWN", JSON.stringify({ documentId: "D", organizationId: "1310000002" })]);
    expect(recipientOrg("user:1310000005:D-005")).toBe("1310000005");
    expect(recipientOrg("org:1310000005")).toBe("1310000005");
    expect(recipientOrg("patient:P-1")).toBeNull();
    expect(readerKeys({ role: "patient", sub: "P-1", patientId: "P-1" })).toEqual(["patient:P-1"]);
    expect(readerKeys({ role: "doctor", sub: "D-005", org: "1310000005" })).toEqual(["user:1310000005:D-005", "org:1310000005"]);
  });
});
