/**
 * OAuth scopes a system client (role `system`) can be granted. The PDP checks them for each operation (policies/src/operations/actions.ts); the
 * token endpoint issues only a subset of what the client was granted at registration.
 */
export const SYSTEM_SCOPES = {
  "documents.write": "register documents (registerDocument) issued by the client's institution",
  "documents.read": "list and retrieve documents addressed to the client's institution (incomingDocuments, retrieveDocument)",
  "clinical.write": "submit the six kinds of clinical information (submitClinicalInformation) for the client's institution",
  "eligibility.write": "record card-reader eligibility confirmations (confirmEligibility) at the client's institution",
} as const;
export type SystemScope = keyof typeof SYSTEM_SCOPES;

export function isSystemScope(s: string): s is SystemScope {
  return Object.prototype.hasOwnProperty.call(SYSTEM_SCOPES, s);
}
