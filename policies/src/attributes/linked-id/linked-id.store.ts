import { randomBytes } from "node:crypto";
import { RequestSlot, maybeRequestContext, requestContext } from "@hub/common";
import { attributeContext, rowsOf, type Queryable } from "../context.js";

/**
 * 連結ID (linked id): within a consultation the specialist knows the patient only under an id of that consultation.
 * It is random (nothing derives it from the hub id), stable for the consultation's follow-up questions, different for
 * every consultation (two consultations cannot be linked by it), and means something only to the practitioner it was
 * issued to: for anyone else it is an unknown patient. What the specialist may read under it is decided by the same
 * PDP on the patient's own attributes (the consultation's consent), so the linked id opens nothing by itself.
 * (The platform proposal's scenario: Dr.Y reaches the data through the platform under 連結ID 1234XXX.)
 */
export const LINKED_ID = /^L-[0-9A-Z]{12}$/;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

export function newLinkedId(): string {
  const bytes = randomBytes(12);
  return `L-${[...bytes].map((b) => ALPHABET[b % 32]).join("")}`;
}

export interface LinkedIdGrant {
  linkedId: string;
  patientId: string;
  consultationId: string;
  organizationId: string;
  practitionerSub: string;
}

/** Issue the linked id of a consultation (in the consultation's transaction). */
export async function issueLinkedId(g: Omit<LinkedIdGrant, "linkedId">, tx: Queryable): Promise<string> {
  const linkedId = newLinkedId();
  await tx.query(`INSERT INTO consent.linked_ids (linked_id, patient_id, consultation_id, organization_id, practitioner_sub) VALUES ($1, $2, $3, $4, $5)`,
    [linkedId, g.patientId, g.consultationId, g.organizationId, g.practitionerSub]);
  return linkedId;
}

/** Per request: the linked id under which the caller reached each patient (output shows that id). */
const shownIds = new RequestSlot("linked-id.shown", () => new Map<string, string>());
/** Per request: patients already looked up for a linked id the caller holds. */
const checkedPatients = new RequestSlot("linked-id.checked", () => new Set<string>());

/** Remember, for this request, under which linked id the caller reached a patient (output shows that id). */
function remember(patientId: string, linkedId: string): void {
  shownIds.get().set(patientId, linkedId);
}

/** The patient behind a linked id, for the practitioner it was issued to only; null for anyone else or an unknown id. */
export async function resolveLinkedId(linkedId: string): Promise<string | null> {
  if (!LINKED_ID.test(linkedId)) return null;
  const { actor } = requestContext();
  if (!actor.org) return null;
  const [row] = rowsOf<{ patient_id: string }>(await attributeContext().db.query(
    `SELECT patient_id FROM consent.linked_ids WHERE linked_id = $1 AND organization_id = $2 AND practitioner_sub = $3`, [linkedId, actor.org, actor.sub]));
  if (row) remember(row.patient_id, linkedId);
  return row?.patient_id ?? null;
}

/**
 * The federation reference of a Patient: a linked id the caller holds stands for its patient (`shownId` keeps the id
 * the caller used); any other id is taken as it is, so a stranger's linked id is an unknown patient like any other.
 */
export async function patientReference(ref: Record<string, unknown>): Promise<{ id: string; shownId?: string }> {
  const id = String(ref.id);
  if (!LINKED_ID.test(id)) return { id };
  const patientId = await resolveLinkedId(id);
  return patientId ? { id: patientId, shownId: id } : { id };
}

/**
 * Before showing a record of this patient: when the caller holds a linked id for her (a consultation addressed to
 * them), the record shows that id instead of her hub id, whichever way it was reached.
 */
export async function noteLinkedPatient(patientId: string): Promise<void> {
  const ctx = maybeRequestContext();
  if (!ctx?.actor.org || ctx.actor.role === "patient") return;
  if (shownIds.peek()?.has(patientId)) return;
  const checked = checkedPatients.get();
  if (checked.has(patientId)) return;
  checked.add(patientId);
  const [row] = rowsOf<{ linked_id: string }>(await attributeContext().db.query(
    `SELECT linked_id FROM consent.linked_ids WHERE patient_id = $1 AND organization_id = $2 AND practitioner_sub = $3 ORDER BY created_at DESC LIMIT 1`,
    [patientId, ctx.actor.org, ctx.actor.sub]));
  if (row) remember(patientId, row.linked_id);
}

/** The id this request shows for a patient: her linked id when she was reached under one, else her hub id. */
export function shownPatientId(patientId: string): string {
  return shownIds.peek()?.get(patientId) ?? patientId;
}

/** A stored FHIR resource as this request may show it: references to the patient use the shown id. */
export function maskPatientReferences<T>(patientId: string, fhir: T): T {
  const shown = shownPatientId(patientId);
  if (shown === patientId) return fhir;
  return JSON.parse(JSON.stringify(fhir).split(`Patient/${patientId}"`).join(`Patient/${shown}"`)) as T;
}

/** Sub-select for the consultation owner's queries: the linked id of the consultation `consultationId` (an SQL expression). */
export const linkedIdOfConsultationSql = (consultationId: string): string =>
  `(SELECT l.linked_id FROM consent.linked_ids l WHERE l.consultation_id = ${consultationId})`;
