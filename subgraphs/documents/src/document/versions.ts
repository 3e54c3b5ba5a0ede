import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ConflictError } from "@hub/common";
import { exchangeExpiry, grantConsent } from "@hub/policies";
import { entries, isObject, type Json } from "../fhir/walk.js";
import { DocumentEntity } from "./document.entity.js";

/** JSON with sorted keys, so the same Bundle hashes the same whatever the key order it was sent in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}
export const contentHash = (bundle: Json): string => createHash("sha256").update(canonical(bundle)).digest("hex");

/**
 * A new version of a document already registered under the same Bundle.identifier: the Composition says so
 * (FHIR R4 CompositionStatus `amended`; `corrected` as some issuers write it) or names what it replaces
 * (Composition.relatesTo.code `replaces`).
 */
export function isNewVersion(bundle: Json): boolean {
  const comp = entries(bundle)[0]?.resource;
  if (!comp) return false;
  if (comp.status === "amended" || comp.status === "corrected") return true;
  return Array.isArray(comp.relatesTo) && comp.relatesTo.some((r) => isObject(r) && r.code === "replaces");
}

export type Prior = { kind: "same"; doc: DocumentEntity } | { kind: "new" } | { kind: "version"; latest: DocumentEntity };

/**
 * What a registration is, given what the institution registered under this Bundle.identifier before: the same
 * content again (the existing document), a first registration, or a new version of the latest one. Other content
 * without a version marker is a CONFLICT; so is a new version of a withdrawn document or of another patient's.
 * Serialised per identifier (advisory lock in the caller's transaction).
 */
export async function priorOf(m: EntityManager, org: string, identifier: string, hash: string, bundle: Json): Promise<Prior> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`documents:${org}:${identifier}`]);
  const versions = await m.getRepository(DocumentEntity).find({ where: { sourceOrgId: org, bundleIdentifier: identifier }, order: { version: "DESC" } });
  const same = versions.find((v) => v.contentHash === hash);
  if (same) return { kind: "same", doc: same };
  const latest = versions[0];
  if (!latest) return { kind: "new" };
  if (!isNewVersion(bundle)) {
    throw new ConflictError("your institution registered a different document with this Bundle.identifier; send a new version with Composition.status amended (or relatesTo replaces), or use a new identifier");
  }
  if (latest.status === "WITHDRAWN") throw new ConflictError("the document with this Bundle.identifier was withdrawn; register the correction under a new identifier");
  return { kind: "version", latest };
}

/** The status a new version starts in: the exchange goes on where it was (a retrieved one is offered again). */
export function versionStatus(latest: DocumentEntity, consentAtIssuance: boolean): string {
  if (latest.status === "PENDING_CONSENT") return consentAtIssuance ? "AVAILABLE" : "PENDING_CONSENT";
  return "AVAILABLE";
}

/**
 * The old version steps aside (SUPERSEDED, linked both ways) and the institution that retrieved it keeps reading the
 * document in its latest version: the patient's exchange consent was for this document, and a correction is the same
 * document (an EXCHANGE consent for the new version, through the consent store, from now for the usual window).
 */
export async function supersede(m: EntityManager, latest: DocumentEntity, next: DocumentEntity): Promise<void> {
  await m.getRepository(DocumentEntity).update({ id: latest.id }, { status: "SUPERSEDED", supersededById: next.id });
  if (latest.status === "RETRIEVED" && latest.retrievedByOrg) {
    await grantConsent({ patientId: next.patientId, organizationId: latest.retrievedByOrg, purpose: "TREAT", source: "EXCHANGE", categories: [next.category as never],
      recordIds: [next.id], expiresAt: exchangeExpiry(new Date()), originId: next.id, detail: { supersedes: latest.id } }, m);
  }
}
