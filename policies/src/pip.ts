import type { PatientAttributes } from "./attributes/patient-attributes.js";
import { activeSealsJsonSql, sealFromJson } from "./attributes/seal/seal.store.js";
import { activeConsentsJsonSql, consentFromJson } from "./attributes/consent/consent.store.js";
import { cardFlagFromJson, recentCardReadingsJsonSql } from "./attributes/card-flag/card-flag.store.js";
import { grantFromJson, openGrantJsonSql } from "./attributes/emergency/emergency-grant.store.js";
import { disasterAccessFromJson, disasterAccessJsonSql } from "./attributes/emergency/disaster.store.js";
import { prepared, type Actor } from "@hub/common";
import { rowsOf, type Queryable } from "./attributes/context.js";
import { policyVersionSql } from "./admin/policy-store.js";

/** Policy information point: the attributes of one patient that decisions need. */
export interface PolicyInformationPoint {
  /** `actor`: the caller, when the grant and the disaster identification must be the caller's (every request). */
  load(patientId: string, emergencyAccessId: string | undefined, now: Date, actor?: Actor): Promise<PatientAttributes>;
  /** The live policy version alone (operations, which need no patient's attributes). */
  policyVersion?(): Promise<number | undefined>;
}

type Json<F extends (x: never) => unknown> = Parameters<F>[0];
interface Row {
  consents: Json<typeof consentFromJson>[];
  seals: Json<typeof sealFromJson>[];
  card_flags: Json<typeof cardFlagFromJson>[];
  emergency: Json<typeof grantFromJson> | null;
  disaster: Json<typeof disasterAccessFromJson> | null;
  policy_version: number | null;
}

/**
 * Loads consents, seals, card-reader readings, the request's emergency grant and the live policy version in one
 * round trip, each through its attribute module's own sub-select. Read per request, never cached across requests, so
 * a revocation or a new seal takes effect on the very next request in every process.
 */
export class SqlPolicyInformationPoint implements PolicyInformationPoint {
  constructor(private readonly db: Queryable) {}

  async load(patientId: string, emergencyAccessId: string | undefined, now: Date, actor?: Actor): Promise<PatientAttributes> {
    const params: unknown[] = [patientId, emergencyAccessId ?? null, now.toISOString(), actor?.org ?? null];
    const grant = openGrantJsonSql("$1", "$2", "$3", actor ? { actor, params } : undefined);
    const [row] = rowsOf<Row>(await this.db.query(prepared(
      `SELECT ${activeConsentsJsonSql("$1", "$3")} AS consents, ${activeSealsJsonSql("$1")} AS seals,
              ${recentCardReadingsJsonSql("$1", "$3")} AS card_flags, ${grant} AS emergency,
              ${disasterAccessJsonSql("$1", "$4::text", "$3")} AS disaster, ${policyVersionSql()} AS policy_version`),
      params,
    ));
    return {
      patientId,
      consents: row.consents.map(consentFromJson),
      seals: row.seals.map(sealFromJson),
      cardFlags: row.card_flags.map(cardFlagFromJson),
      emergency: row.emergency ? grantFromJson(row.emergency) : null,
      disaster: row.disaster ? disasterAccessFromJson(row.disaster) : null,
      policyVersion: row.policy_version === null ? undefined : Number(row.policy_version),
    };
  }

  async policyVersion(): Promise<number | undefined> {
    const [row] = rowsOf<{ v: number | null }>(await this.db.query(`SELECT ${policyVersionSql()} AS v`));
    return row?.v === null || row?.v === undefined ? undefined : Number(row.v);
  }
}
