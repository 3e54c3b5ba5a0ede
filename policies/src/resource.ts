import type { DataCategory } from "@hub/common";

/** Attributes of one piece of patient data that a decision depends on. */
export interface ResourceAttributes {
  patientId: string;
  category: DataCategory;
  /** Institution that recorded it (seals by source institution). */
  sourceOrgId?: string;
  recordId?: string;
  /** 未告知: withheld from the patient. */
  withheld?: boolean;
  /**
   * A decision about a patient-level field (a list or demographics) rather than one record: seals do not decide
   * it, they filter the list's rows in SQL, so a sealed category reads as an empty list, never as a denial.
   */
  list?: boolean;
  /**
   * `metadata`: the read is of a document's metadata, not its content (fields classified `RECORD_METADATA`). Decided
   * on the record's own category; only the role policy's question differs (see `readRole` in pdp.ts).
   */
  aspect?: "metadata";
}

/**
 * Resolved objects that carry patient data expose these properties; records also carry their category
 * (used where a field is classified as `record`, i.e. lab results and documents).
 */
export interface PatientDataRow {
  patientId: string;
  category?: DataCategory;
  sourceOrgId?: string;
  id?: string;
  withheld?: boolean;
}

/** Marks connection objects: their list field was decided when the connection was built. */
export const CONNECTION = Symbol.for("hub.connection");

export function isPatientDataRow(v: unknown): v is PatientDataRow {
  return typeof v === "object" && v !== null && typeof (v as PatientDataRow).patientId === "string";
}

/** Mark a connection built by an authorised list resolver. */
export function withMarker<T extends object>(c: T): T {
  return Object.assign(c, { [CONNECTION]: true });
}

/**
 * What a record that does not exist is decided as: a record of no patient. Unknown ids go through the same attribute
 * load, decision and audit as hidden ones, so neither the answer nor its cost tells them apart.
 */
export const absentRecord = (recordId: string, category: ResourceAttributes["category"] = "condition"): ResourceAttributes =>
  ({ patientId: "", category, recordId });
