import type { CardFlagAttr } from "./card-flag/card-flag.rule.js";
import type { ConsentAttr } from "./consent/consent.rule.js";
import type { EmergencyGrantAttr } from "./emergency/emergency-grant.rule.js";
import type { SealAttr } from "./seal/seal.rule.js";
import type { DisasterAccessAttr } from "./emergency/disaster.rule.js";

/** Everything about one patient that decisions depend on, loaded once per request (PIP). */
export interface PatientAttributes {
  patientId: string;
  consents: ConsentAttr[];
  seals: SealAttr[];
  cardFlags: CardFlagAttr[];
  /** The grant named by the request's `x-emergency-access`, if it is open and for this patient. */
  emergency: EmergencyGrantAttr | null;
  /** The caller's institution's identification of this patient under a declared disaster (purpose DISASTER). */
  disaster?: DisasterAccessAttr | null;
  /** The live policy version, read in the same round trip (hot reload). */
  policyVersion?: number;
}
