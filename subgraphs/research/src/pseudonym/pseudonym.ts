import { createHmac } from "node:crypto";

/** Largest date shift in days, either way (SPEC §9: dates shifted per person within the project). */
export const MAX_SHIFT_DAYS = 180;

function mac(key: Buffer, domain: string, value: string): Buffer {
  return createHmac("sha256", key).update(`${domain}\u0000${value}`).digest();
}

/**
 * Keyed pseudonyms for one project (trust-centre style: the key never leaves the extraction code). HMAC-SHA256 with
 * the project's own 256-bit key: stable within the project, unlinkable across projects without the keys, and not
 * reversible by enumerating patient ids (which a plain hash would be).
 */
export class Pseudonymizer {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error("a pseudonymisation key has at least 256 bits");
  }

  /** The patient's pseudonym in this project: 32 hex characters (128 bits of the HMAC). */
  patient(patientId: string): string {
    return mac(this.key, "patient", patientId).subarray(0, 16).toString("hex");
  }

  /** A record's id in the output: also keyed, so record ids cannot be joined back to the hub either. */
  record(recordId: string): string {
    return mac(this.key, "record", recordId).subarray(0, 16).toString("hex");
  }

  /** The person's date shift in days, in [-MAX_SHIFT_DAYS, +MAX_SHIFT_DAYS], the same for every date of that person. */
  shiftDays(patientId: string): number {
    const n = mac(this.key, "shift", patientId).readUInt32BE(0);
    return (n % (2 * MAX_SHIFT_DAYS + 1)) - MAX_SHIFT_DAYS;
  }
}

/** Shift a date by whole days and keep only the day (time of day is dropped as identifying detail). */
export function shiftDate(at: Date | string, days: number): string {
  const d = new Date(at);
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
