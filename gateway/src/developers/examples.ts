/** The user groups the portal has examples for. */
export const GROUPS = {
  frontend: "Frontend teams (clinicians' and patients' screens)",
  responder: "Emergency and disaster responders (break-glass)",
  policy_admin: "Policy admins (policy, institution registry, system clients)",
  system: "Institution systems (EHR, document-writing, lab, imaging) with a client-credentials token",
} as const;
export type Group = keyof typeof GROUPS;

export interface Example {
  group: Group;
  title: string;
  /** Who runs it: the `npm run token` arguments of a demo identity (system: see the token steps). */
  as: string;
  operation: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  note?: string;
}

/** Every example operation of the developer portal; a test validates each against the current supergraph. */
export const EXAMPLES: Example[] = [
  {
    group: "frontend", title: "A patient's summary for the treating doctor", as: "--role doctor --sub D-001 --org 1310000002",
    operation: `query PatientSummary($id: ID!) {
  patient(id: $id) {
    name kana birthDate gender
    conditions(first: 10) { nodes { display recordedAt sourceOrganization { name } } pageInfo { hasNextPage endCursor } }
    allergies { nodes { display criticality } }
    prescriptions(first: 5) { nodes { display dosage } }
    documents(type: DISCHARGE_SUMMARY) { nodes { id type status title } }
  }
}`,
    variables: { id: "P-0001" },
    note: "Fields the caller may not read resolve to null with extensions.code FORBIDDEN, category and rule; the rest still resolves.",
  },
  {
    group: "frontend", title: "Next page of a list", as: "--role doctor --sub D-001 --org 1310000002",
    operation: `query MoreConditions($id: ID!, $after: String) {
  patient(id: $id) { conditions(first: 10, after: $after) { nodes { id display } pageInfo { hasNextPage endCursor } } }
}`,
    variables: { id: "P-0001", after: "<endCursor of the previous page>" },
  },
  {
    group: "frontend", title: "Find an institution (registry search, a page at a time)", as: "--role patient --sub P-0001 --patient P-0001",
    operation: `query FindInstitution($q: String, $kind: InstitutionKind, $prefecture: String, $after: String) {
  organizations(query: $q, kind: $kind, prefecture: $prefecture, first: 20, after: $after) {
    nodes { id name kind prefecture status } pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { q: "総合病院", kind: "HOSPITAL", prefecture: "13" },
    note: "query matches any part of the name or the first digits of the code; about 180,000 institutions, so always page.",
  },
  {
    group: "frontend", title: "Patient portal: my consents and who looked", as: "--role patient --sub P-0001 --patient P-0001",
    operation: `query MyPortal {
  me { sub role patientId }
  patient(id: "P-0001") {
    consents { nodes { id organization { name } purpose categories status expiresAt } }
    accessLog(first: 20) { nodes { at organization { name } actorRole category purpose decision emergency } }
  }
}`,
  },
  {
    group: "frontend", title: "Patient portal: consent to an institution", as: "--role patient --sub P-0001 --patient P-0001",
    operation: `mutation Consent {
  grantConsent(input: { organizationId: "1310000005", purpose: TREAT, categories: [CONDITION, ALLERGY] }) { id status expiresAt }
}`,
  },
  {
    group: "responder", title: "Start an emergency access", as: "--role emergency_responder --sub ER-001 --org 1310000009 --mfa",
    operation: `mutation BreakGlass($patientId: ID!) {
  startEmergencyAccess(input: { patientId: $patientId, reason: EMERGENCY, justification: "意識障害で搬送、本人同意取得不能" }) { id expiresAt }
}`,
    variables: { patientId: "P-0001" },
  },
  {
    group: "responder", title: "The emergency summary, with the grant", as: "--role emergency_responder --sub ER-001 --org 1310000009 --mfa",
    operation: `query Emergency($patientId: ID!) {
  emergencySummary(patientId: $patientId) {
    patient { name }
    allergies { nodes { display criticality } }
    contraindications { nodes { display } }
    activeConditions { nodes { display } }
    latestEmergencyLabs { nodes { display value unit } }
  }
}`,
    variables: { patientId: "P-0001" },
    headers: { "x-purpose-of-use": "ETREAT", "x-emergency-access": "<id from startEmergencyAccess>" },
  },
  {
    group: "responder", title: "End the emergency access", as: "--role emergency_responder --sub ER-001 --org 1310000009 --mfa",
    operation: `mutation EndBreakGlass($id: ID!) { endEmergencyAccess(id: $id) { id endedAt } }`,
    variables: { id: "<id from startEmergencyAccess>" },
  },
  {
    group: "policy_admin", title: "The policy in force, and why a read is allowed or denied", as: "--role policy_admin --sub ADM-001",
    operation: `query Policy {
  policyRules { version comment rules { role purpose category action effect } }
  explainAccess(input: { subject: { role: "doctor", org: "1310000005" }, patientId: "P-0001", category: CONDITION, justification: "問い合わせ対応: E医療センターから閲覧不可の連絡" }) { allowed rule reason }
}`,
  },
  {
    group: "policy_admin", title: "Register an institution", as: "--role policy_admin --sub ADM-001",
    operation: `mutation Register {
  registerInstitution(input: { id: "1340000001", name: "みどり介護施設", kind: CARE_FACILITY, prefecture: "13", contact: "03-0000-0000" }) { id name kind status }
}`,
  },
  {
    group: "policy_admin", title: "Suspend and reinstate an institution", as: "--role policy_admin --sub ADM-001",
    operation: `mutation Suspend($id: ID!) {
  suspendInstitution(id: $id, reason: "接続要件の監査で不適合") { id status statusReason statusChangedAt }
}
mutation Reinstate($id: ID!) {
  reinstateInstitution(id: $id, reason: "是正を確認") { id status }
}`,
    variables: { id: "1340000001" },
    note: "A suspended institution's users and systems get FORBIDDEN (rule institution-suspended) from their next request.",
  },
  {
    group: "policy_admin", title: "Register a system client with its public key", as: "--role policy_admin --sub ADM-001",
    operation: `mutation RegisterClient($jwk: JSON!) {
  registerSystemClient(input: { organizationId: "1310000002", name: "退院サマリー作成システム", kind: DOCUMENT_WRITER,
    scopes: ["documents.write", "documents.read"], jwk: $jwk }) { id scopes keys { kid alg status } }
}`,
    variables: { jwk: { kty: "EC", crv: "P-256", x: "<base64url>", y: "<base64url>", kid: "2026-01" } },
  },
  {
    group: "policy_admin", title: "Rotate a client's key", as: "--role policy_admin --sub ADM-001",
    operation: `mutation AddKey($clientId: ID!, $jwk: JSON!) { addSystemClientKey(clientId: $clientId, jwk: $jwk) { keys { kid status } } }
mutation RevokeOldKey($clientId: ID!) { revokeSystemClientKey(clientId: $clientId, kid: "2026-01") { keys { kid status revokedAt } } }
mutation RevokeClient($clientId: ID!) { revokeSystemClient(clientId: $clientId) { id status } }
query Clients { systemClients(organizationId: "1310000002") { id name kind status keys { kid status } } }`,
    variables: { clientId: "<client id>", jwk: { kty: "EC", crv: "P-256", x: "<base64url>", y: "<base64url>", kid: "2026-07" } },
    note: "At most two keys are active: add the new one, switch the system over, revoke the old one.",
  },
  {
    group: "system", title: "Who am I (a token's view of the client)", as: "system token from POST /oauth/token",
    operation: `query WhoAmI { me { sub role org } organization(id: "1310000002") { name status } }`,
  },
  {
    group: "system", title: "Register a discharge summary (scope documents.write)", as: "system token from POST /oauth/token",
    operation: `mutation Register($bundle: JSON!) {
  registerDocument(input: { bundle: $bundle, issuance: ELECTRONIC, consentAtIssuance: true }) { document { id type status } exchangeNumber }
}`,
    variables: { bundle: { resourceType: "Bundle", type: "document", "...": "JP_Bundle_eDischargeSummary, author Organization = your institution" } },
    note: "The author Organization must be the client's own institution (else FORBIDDEN, rule author-organization); a token without documents.write gets FORBIDDEN, rule client-scope.",
  },
  {
    group: "system", title: "Documents addressed to your institution (scope documents.read)", as: "system token from POST /oauth/token",
    operation: `query Incoming($after: String) {
  incomingDocuments(first: 20, after: $after) { nodes { id type status issuedAt reason sourceOrganization { id name } } pageInfo { hasNextPage endCursor } }
}`,
  },
  {
    group: "system", title: "Submit the six kinds of clinical information (scope clinical.write)", as: "system token from POST /oauth/token",
    operation: `mutation Submit($bundle: JSON!) { submitClinicalInformation(bundle: $bundle) { inserted updated unchanged } }`,
    variables: { bundle: { resourceType: "Bundle", type: "collection", "...": "JP_Bundle_CLINS: the Patient first, then resources of one type" } },
  },
  {
    group: "system", title: "Import a document addressed to your institution as FHIR JSON (scope documents.read)", as: "system token from POST /oauth/token",
    operation: `mutation Retrieve($n: String!) { retrieveDocument(exchangeNumber: $n) { id type status fhir } }`,
    variables: { n: "12345678" },
  },
];
