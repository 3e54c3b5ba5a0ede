import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import type { Actor, DataCategory, Purpose } from "@hub/common";
import { dollarBind, scopeCovers, type RecordColumns, type RecordRef } from "./scope.js";
import { notSealedSql, sealCovers, sealCoversSql, type SealAttr } from "./seal/seal.rule.js";
import {
  CONSENT_RECORD_SCOPE, consentCovers, consentCoversCategory, consentExistsSql, consentRecordScopeSql, type ConsentAttr,
} from "./consent/consent.rule.js";

/**
 * The TypeScript and SQL forms of the seal and consent rules are generated from one field list each; this checks
 * that they agree on every combination of scope fields and records, in a real PostgreSQL (PGlite), in both SQL
 * shapes: against the owner's table (`consent.seals`, `consent.consents`) and with one attribute's values bound.
 */
const A = "1310000001";
const B = "1310000002";
const RECORDS: (RecordRef & { patientId: string })[] = [];
for (const category of ["condition", "allergy", "consent"] as DataCategory[]) {
  for (const sourceOrgId of [A, B]) for (const recordId of ["r1", "r2"]) RECORDS.push({ patientId: "P", category, sourceOrgId, recordId: `${recordId}-${category}-${sourceOrgId}` });
}
const ids = (pick: (r: RecordRef) => boolean) => RECORDS.filter(pick).map((r) => r.recordId!);
const ID_SETS: (string[] | null)[] = [null, ids((r) => r.sourceOrgId === A && r.category === "condition").slice(0, 1), ids((r) => r.category === "allergy")];

const SEALS: SealAttr[] = [];
for (const sourceOrganizationId of [null, A, B]) for (const category of [null, "condition", "allergy"] as (DataCategory | null)[]) {
  for (const recordIds of ID_SETS) {
    if (sourceOrganizationId === null && category === null && recordIds === null) continue;
    SEALS.push({ id: `S${SEALS.length}`, level: SEALS.length % 2 ? "SEALED" : "RESTRICTED", sourceOrganizationId, category, recordIds });
  }
}

const NOW = new Date("2026-06-01T00:00:00Z");
const CONSENTS: ConsentAttr[] = [];
for (const organizationId of [A, B]) for (const purpose of ["TREAT", "PATRQT"] as Purpose[])
  for (const categories of [null, ["condition"], ["allergy", "consent"]] as (DataCategory[] | null)[])
    for (const recordIds of ID_SETS) for (const sourceOrganizationIds of [null, [A], [A, B]])
      for (const practitionerSub of [null, "D-1", "D-2"]) for (const [status, expiresAt] of [["ACTIVE", null], ["ACTIVE", new Date(NOW.getTime() - 1)], ["ACTIVE", new Date(NOW.getTime() + 3600_000)], ["REVOKED", null]] as const) {
        CONSENTS.push({ id: `C${CONSENTS.length}`, status, organizationId, purpose, categories, expiresAt, practitionerSub, recordIds, sourceOrganizationIds });
      }
const HOLDER = { actor: { sub: "D-1", role: "doctor", org: A, amr: [] } as Actor, purpose: "TREAT" as Purpose, now: NOW };

const COLS: RecordColumns & { patient: string } = { category: "r.category", sourceOrg: "r.source_org_id", id: "r.id", patient: "r.patient_id" };
const NO_SOURCE: RecordColumns & { patient: string } = { category: "r.category", id: "r.id", patient: "r.patient_id" };

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`CREATE SCHEMA consent;
    CREATE TABLE records (id text, patient_id text, category text, source_org_id text);
    CREATE TABLE consent.seals (id text, patient_id text, level text, source_organization_id text, category text, record_ids text[], active boolean);
    CREATE TABLE consent.consents (id text, patient_id text, organization_id text, purpose text, categories text[], status text,
      expires_at timestamptz, practitioner_sub text, record_ids text[], source_organization_ids text[]);`);
  for (const r of RECORDS) await db.query(`INSERT INTO records VALUES ($1, $2, $3, $4)`, [r.recordId, r.patientId, r.category, r.sourceOrgId]);
  for (const s of SEALS) await db.query(`INSERT INTO consent.seals VALUES ($1, $2, $3, $4, $5, $6, true)`, [s.id, s.id, s.level, s.sourceOrganizationId, s.category, s.recordIds]);
  for (const c of CONSENTS) {
    await db.query(`INSERT INTO consent.consents VALUES ($1, 'P', $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, c.organizationId, c.purpose, c.categories, c.status, c.expiresAt?.toISOString() ?? null, c.practitionerSub, c.recordIds, c.sourceOrganizationIds]);
  }
}, 60_000);
afterAll(async () => { await db?.close(); });

const pairs = (rows: { a: string; r: string }[]) => new Set(rows.map((x) => `${x.a}|${x.r}`));

describe("the seal rule in TypeScript and SQL agree", () => {
  it(`on ${SEALS.length} seals × ${RECORDS.length} records, against consent.seals`, async () => {
    const { rows } = await db.query<{ a: string; r: string }>(`SELECT s.id AS a, r.id AS r FROM consent.seals s CROSS JOIN records r WHERE ${sealCoversSql({ alias: "s" }, COLS)}`);
    const expected = SEALS.flatMap((s) => RECORDS.filter((r) => sealCovers(s, r)).map((r) => ({ a: s.id, r: r.recordId! })));
    expect(pairs(rows)).toEqual(pairs(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  it("with each seal's values bound, and on a table without a source column", async () => {
    for (const s of SEALS) {
      for (const cols of [COLS, NO_SOURCE]) {
        const params: unknown[] = [];
        const { rows } = await db.query<{ id: string }>(`SELECT r.id FROM records r WHERE ${sealCoversSql({ value: s, bind: dollarBind(params) }, cols)}`, params);
        const ts = RECORDS.filter((r) => sealCovers(s, cols === COLS ? r : { ...r, sourceOrgId: undefined })).map((r) => r.recordId);
        expect(new Set(rows.map((x) => x.id)), `seal ${JSON.stringify(s)}`).toEqual(new Set(ts));
      }
    }
  });

  it("notSealedSql keeps exactly the records no seal of their patient covers", async () => {
    // Each seal row is its own patient here: give every record every patient id in turn.
    for (const s of SEALS.slice(0, 12)) {
      const { rows } = await db.query<{ id: string }>(`SELECT r.id FROM (SELECT id, $1::text AS patient_id, category, source_org_id FROM records) r WHERE ${notSealedSql(COLS)}`, [s.id]);
      expect(new Set(rows.map((x) => x.id))).toEqual(new Set(RECORDS.filter((r) => !sealCovers(s, r)).map((r) => r.recordId)));
    }
  });
});

describe("the consent rule in TypeScript and SQL agree", () => {
  it(`on ${CONSENTS.length} consents × ${RECORDS.length} records for one holder, against consent.consents`, async () => {
    const params: unknown[] = [];
    const exists = consentExistsSql(HOLDER, COLS, dollarBind(params), " AND c.id = k.id");
    const { rows } = await db.query<{ a: string; r: string }>(`SELECT k.id AS a, r.id AS r FROM consent.consents k CROSS JOIN records r WHERE ${exists}`, params);
    const expected = CONSENTS.flatMap((c) => RECORDS.filter((r) => consentCovers(c, HOLDER, r)).map((r) => ({ a: c.id, r: r.recordId! })));
    expect(pairs(rows)).toEqual(pairs(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  it("the record scope with each consent's values bound", async () => {
    const distinct = new Map(CONSENTS.map((c) => [JSON.stringify([c.recordIds, c.sourceOrganizationIds]), c]));
    for (const c of distinct.values()) {
      const params: unknown[] = [];
      const { rows } = await db.query<{ id: string }>(`SELECT r.id FROM records r WHERE ${consentRecordScopeSql({ value: c, bind: dollarBind(params) }, COLS)}`, params);
      expect(new Set(rows.map((x) => x.id))).toEqual(new Set(RECORDS.filter((r) => scopeCovers(CONSENT_RECORD_SCOPE, c, r)).map((r) => r.recordId)));
    }
  });

  it("no consent opens the patient's own consents or access log unless it names them", () => {
    const all: ConsentAttr = { id: "X", status: "ACTIVE", organizationId: A, purpose: "TREAT", categories: null, expiresAt: null };
    expect(consentCoversCategory(all, "consent")).toBe(false);
    expect(consentCoversCategory(all, "access_log")).toBe(false);
    expect(consentCoversCategory(all, "condition")).toBe(true);
  });

  it("a consultation's consent (one specialist, some records) opens those records to that specialist only, in both forms", async () => {
    const rec = RECORDS.filter((r) => r.category === "condition").slice(0, 2).map((r) => r.recordId!);
    const c: ConsentAttr = { id: "CONSULT", status: "ACTIVE", organizationId: A, purpose: "TREAT", categories: ["condition", "allergy"], expiresAt: new Date(NOW.getTime() + 3600_000),
      practitionerSub: "D-1", recordIds: rec, sourceOrganizationIds: null, source: "CONSULTATION" };
    await db.query(`INSERT INTO consent.consents VALUES ($1, 'Q', $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, c.organizationId, c.purpose, c.categories, c.status, c.expiresAt!.toISOString(), c.practitionerSub, c.recordIds, c.sourceOrganizationIds]);
    try {
      for (const sub of ["D-1", "D-2"]) {
        const holder = { ...HOLDER, actor: { ...HOLDER.actor, sub } };
        const params: unknown[] = [];
        const { rows } = await db.query<{ id: string }>(
          `SELECT r.id FROM (SELECT id, 'Q'::text AS patient_id, category, source_org_id FROM records) r WHERE ${consentExistsSql(holder, COLS, dollarBind(params))}`, params);
        const ts = RECORDS.filter((r) => consentCovers(c, holder, r)).map((r) => r.recordId);
        expect(new Set(rows.map((x) => x.id))).toEqual(new Set(ts));
        expect(ts).toEqual(sub === "D-1" ? rec : []);
      }
    } finally {
      await db.query(`DELETE FROM consent.consents WHERE id = 'CONSULT'`);
    }
  });
});
