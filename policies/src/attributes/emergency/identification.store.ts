import type { Actor } from "@hub/common";
import type { InstitutionRef } from "./disaster.rule.js";
import { disastersCovering } from "./disaster.store.js";
import { openIdentification, startGrant } from "./emergency-grant.store.js";

/**
 * 災害時の特例措置 at the card reader: when an institution confirms a patient's identity from her card while a
 * declaration covering it is in force, she is identified for it under that declaration (as in the national service,
 * where a declared disaster lets institutions in the area read medication and checkup information after the card has
 * confirmed who she is, whatever was ticked at the reader). One identification per institution, patient and
 * declaration; each is audited, notified and reviewed like any other (docs/emergency.md). Returns the identification
 * under the newest declaration, or null when none covers the institution.
 */
export async function identifyAtCardReader(g: { patientId: string; actor: Actor; institution: InstitutionRef; now: Date }): Promise<string | null> {
  let newest: string | null = null;
  for (const d of await disastersCovering(g.institution, g.now)) {
    const open = await openIdentification(g.patientId, g.institution.id, d.id, g.now);
    const id = open ? open.id : (await startGrant({
      patientId: g.patientId, actor: g.actor, reason: "DISASTER", justification: "災害時の特例措置: 資格確認 (カード) による本人確認", disasterId: d.id,
      startedAt: g.now, expiresAt: d.endsAt, scope: "INSTITUTION", identifiedBy: "CARD_READER",
    })).id;
    newest ??= id;
  }
  return newest;
}
