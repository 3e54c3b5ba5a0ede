import type { SystemScope } from "@hub/common";

/**
 * Every operation the hub offers, by the action name its declaration (`@Operation`) and the policy's `action`
 * column use. `read` is the read path: decided per field and per record, not as an operation.
 */
export const ACTIONS = {
  read: "read patient data (decided per field and record)",
  whoami: "the caller as the hub sees them",
  "read-registry": "the institution registry",
  "read-disasters": "active disaster declarations",
  "grant-consent": "grant a consent (the patient)",
  "revoke-consent": "revoke a consent (the patient)",
  seal: "seal records (the patient)",
  unseal: "remove a seal (the patient)",
  "consent-document": "agree that a held document may be viewed (the patient)",
  "record-phr": "record a vital sign (the patient)",
  "send-questionnaire": "send a questionnaire to an institution (the patient)",
  book: "book a visit (the patient)",
  "cancel-booking": "cancel a visit (the patient)",
  "opt-out": "choose whether one's data may be used for research (the patient)",
  register: "register a document for the caller's institution",
  withdraw: "withdraw a document the caller's institution issued",
  retrieve: "retrieve a document by its exchange number",
  incoming: "the institution's incoming work list",
  "read-incoming-patient": "the patient named on the lines of the institution's incoming work list",
  "read-issued": "the documents the caller's institution issued, and what became of them",
  "read-retrieval-lockouts": "failed retrievals by exchange number per institution, and lock-outs",
  "share-document": "give one of one's documents to one institution (the patient)",
  submit: "submit clinical information for the caller's institution",
  "confirm-eligibility": "record a card reading and qualification result at the caller's institution",
  share: "share a patient's data with a specialist",
  "start-emergency": "start break-glass access",
  "end-emergency": "end one's own break-glass access",
  "declare-disaster": "declare or end a disaster",
  "find-patient-emergency": "find a patient for emergency or disaster treatment by card fields or name and birth date (justified, audited, limited)",
  "join-emergency-team": "be named on a colleague's break-glass grant (decided for the named member's role)",
  review: "review a break-glass access of the caller's institution",
  "read-reviews": "the break-glass review queue of the caller's institution",
  "read-all-reviews": "the break-glass review queues of every institution",
  "manage-registry": "register, update, suspend and reinstate institutions",
  "manage-clients": "register and revoke system clients and their keys",
  "read-clients": "the system clients of the caller's institution",
  "read-all-clients": "the system clients of every institution",
  "read-registry-contacts": "contact and status details of every institution",
  "manage-policy": "change or roll back the policy",
  "read-policy": "read, validate and simulate the policy",
  explain: "explain a decision",
  "read-catalog": "the dataset catalog",
  "research-request": "submit a dataset request",
  "research-review": "review a dataset request",
  "research-read": "a dataset request and its extractions",
  "research-read-all": "every dataset request",
  "research-extract": "run or cancel an extraction",
  "research-download": "download an extraction's files",
  // Consultations, notifications, webhooks (issue 22)
  "request-consultation": "ask a specialist about a patient the caller's institution treats",
  "approve-consultation": "let a consultation's specialist read what it asks (the patient)",
  "decline-consultation": "refuse a consultation (the patient)",
  "withdraw-consultation": "withdraw a consultation one requested",
  "answer-consultation": "answer a consultation addressed to the caller",
  "read-consultations": "the consultations one requested or was asked",
  "read-notifications": "one's own notifications (list, read marks, stream)",
  "manage-webhooks": "the webhook endpoints and dead letters of the caller's institution",
  "read-consenting-patients": "the patients who currently consent to the caller's institution",
} as const;
export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** What a system client's token must carry for an action (SPEC §4: a system acts for its institution, within its scopes). */
export const ACTION_SCOPES: Partial<Record<ActionName, SystemScope>> = {
  register: "documents.write",
  withdraw: "documents.write",
  retrieve: "documents.read",
  incoming: "documents.read",
  "read-incoming-patient": "documents.read",
  "read-issued": "documents.read",
  submit: "clinical.write",
  "confirm-eligibility": "eligibility.write",
};

/**
 * Condition facts of operations, computed by the PDP from the caller and the operation's facts:
 * - other-institution: the resource belongs to another institution than the caller's
 * - no-institution: the operation acts for an institution and the caller has none
 * - not-own: the resource is someone else's (their grant, their request, another patient's record) or absent
 * - own-review: the caller reviews what they submitted
 * - missing-scope: a system client's token lacks the scope the action needs
 * - no-mfa: the caller did not log in with two factors
 */
export const OPERATION_FLAGS = ["other-institution", "no-institution", "not-own", "own-review", "missing-scope", "no-mfa"] as const;
export type OperationFlag = (typeof OPERATION_FLAGS)[number];
