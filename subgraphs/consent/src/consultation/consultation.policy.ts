import { requestContext, type OperationFacts } from "@hub/common";
import { consultationById, type ConsultationRow } from "./consultation.store.js";

/**
 * Who is a party to a consultation, as operation facts (docs/consultations.md): the requester (practitioner and
 * institution), the specialist it is addressed to, the patient. Anyone else, and an unknown id, is `not-own`, which
 * the operations hide as NOT_FOUND.
 */
export type Party = "requester" | "specialist" | "patient";

export function partyOf(c: ConsultationRow): Party | null {
  const { actor } = requestContext();
  if (actor.role === "patient") return actor.patientId === c.patientId ? "patient" : null;
  if (actor.org === c.specialistOrg && actor.sub === c.specialistSub) return "specialist";
  if (actor.org === c.requesterOrg && actor.sub === c.requesterSub) return "requester";
  return null;
}

/** Facts for an operation that only `parties` may perform on the consultation named by `args.id`. */
export const partyFacts = (...parties: Party[]) => async (args: Record<string, unknown>): Promise<OperationFacts> => {
  const c = typeof args.id === "string" ? await consultationById(args.id) : null;
  if (!c) return { absent: true };
  const p = partyOf(c);
  // The specialist never sees a request the patient has not let through.
  const hidden = p === "specialist" && (c.status === "PENDING" || c.status === "DECLINED");
  return { own: p !== null && parties.includes(p) && !hidden };
};
