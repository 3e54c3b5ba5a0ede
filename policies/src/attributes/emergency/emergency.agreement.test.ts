import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import type { Actor, Role } from "@hub/common";
import { dollarBind } from "../scope.js";
import { grantUserSql, isGrantUser, type EmergencyGrantAttr } from "./emergency-grant.rule.js";
import { disasterAccessCovers, disasterCoversInstitution, disasterCoversSql, disasterInForce, disasterInForceSql, type DisasterAttr, type InstitutionRef } from "./disaster.rule.js";
import { disasterAccessFromJson, disasterAccessJsonSql } from "./disaster.store.js";

/**
 * The emergency module's rules in TypeScript and SQL agree (as agreement.test.ts checks for seals and consents):
 * who may use a grant (the starter or a named member), when a declaration is in force and whom it covers, and when
 * an institution's identification lets it read under a declaration, on every combination, in PGlite.
 */
const A = "1310000009", B = "2710000009";
const NOW = new Date("2026-06-01T00:00:00Z");
const H = 3600_000;

const ACTORS: Actor[] = [];
for (const sub of ["D-1", "N-1", "X-1"]) for (const org of [A, B, undefined]) for (const role of ["doctor", "nurse", "pharmacist"] as Role[]) for (const mfa of [false, true]) {
  ACTORS.push({ sub, org, role, amr: mfa ? ["mfa"] : [] });
}
const GRANTS: EmergencyGrantAttr[] = [];
for (const actorOrg of [A, null]) for (const mfa of [false, true]) for (const team of [[], [{ sub: "N-1", role: "nurse" }], [{ sub: "N-1", role: "doctor" }, { sub: "X-1", role: "pharmacist" }]]) {
  GRANTS.push({ id: `G${GRANTS.length}`, patientId: "P", actorSub: "D-1", actorOrg, actorRole: "doctor", mfa, expiresAt: new Date(NOW.getTime() + H), team });
}

const DISASTERS: DisasterAttr[] = [];
for (const regions of [["13"], ["13", "27"], ["01"]]) for (const dispatched of [[], [B], [A, B]])
  for (const [from, to, ended] of [[-H, H, null], [H, 2 * H, null], [-2 * H, -H, null], [-H, H, -1000]] as const) {
    DISASTERS.push({ id: `D${DISASTERS.length}`, regions, dispatched, startsAt: new Date(NOW.getTime() + from), endsAt: new Date(NOW.getTime() + to), endedAt: ended === null ? null : new Date(NOW.getTime() + ended) });
  }
const INSTITUTIONS: InstitutionRef[] = [{ id: A, prefecture: "13" }, { id: B, prefecture: "27" }, { id: "0110000001", prefecture: "01" }, { id: "X", prefecture: null }];
const TIMES = [NOW, new Date(NOW.getTime() + 1.5 * H), new Date(NOW.getTime() - 3 * H)];

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`CREATE SCHEMA consent;
    CREATE TABLE consent.emergency_accesses (id text, patient_id text, actor_sub text, actor_org text, actor_role text, actor_mfa boolean, team jsonb,
      scope text, disaster_id text, expires_at timestamptz, ended_at timestamptz);
    CREATE TABLE consent.disasters (id text, regions text[], dispatched text[], starts_at timestamptz, ends_at timestamptz, ended_at timestamptz);`);
  for (const g of GRANTS) {
    await db.query(`INSERT INTO consent.emergency_accesses VALUES ($1, 'P', $2, $3, $4, $5, $6, 'ACTOR', null, $7, null)`,
      [g.id, g.actorSub, g.actorOrg, g.actorRole, g.mfa, JSON.stringify(g.team), g.expiresAt.toISOString()]);
  }
  for (const d of DISASTERS) {
    await db.query(`INSERT INTO consent.disasters VALUES ($1, $2, $3, $4, $5, $6)`, [d.id, d.regions, d.dispatched, d.startsAt.toISOString(), d.endsAt.toISOString(), d.endedAt?.toISOString() ?? null]);
  }
}, 60_000);
afterAll(async () => { await db?.close(); });

describe("the emergency module's rules in TypeScript and SQL agree", () => {
  it(`who may use a grant: ${GRANTS.length} grants × ${ACTORS.length} callers (starter or named member)`, async () => {
    let allowed = 0;
    for (const actor of ACTORS) {
      const params: unknown[] = [];
      const { rows } = await db.query<{ id: string }>(`SELECT e.id FROM consent.emergency_accesses e WHERE ${grantUserSql("e", actor, dollarBind(params))}`, params);
      const ts = GRANTS.filter((g) => isGrantUser(g, actor)).map((g) => g.id);
      expect(new Set(rows.map((r) => r.id)), JSON.stringify(actor)).toEqual(new Set(ts));
      allowed += ts.length;
    }
    expect(allowed).toBeGreaterThan(0);
  });

  it(`when a declaration is in force and whom it covers: ${DISASTERS.length} declarations × ${INSTITUTIONS.length} institutions × ${TIMES.length} times`, async () => {
    let covered = 0;
    for (const now of TIMES) for (const inst of INSTITUTIONS) {
      const params: unknown[] = [now.toISOString()];
      const { rows } = await db.query<{ id: string }>(
        `SELECT d.id FROM consent.disasters d WHERE ${disasterInForceSql("d", "$1::timestamptz")} AND ${disasterCoversSql("d", inst, dollarBind(params))}`, params);
      const ts = DISASTERS.filter((d) => disasterInForce(d, now) && disasterCoversInstitution(d, inst)).map((d) => d.id);
      expect(new Set(rows.map((r) => r.id)), `${now.toISOString()} ${inst.id}`).toEqual(new Set(ts));
      covered += ts.length;
    }
    expect(covered).toBeGreaterThan(0);
  });

  it("when an institution's identification lets it read under a declaration (the attribute load and the decision)", async () => {
    let opened = 0;
    for (const d of DISASTERS) for (const [org, expires, ended] of [[A, H, false], [A, -1000, false], [A, H, true], [B, H, false]] as const) {
      await db.exec(`DELETE FROM consent.emergency_accesses WHERE scope = 'INSTITUTION'`);
      await db.query(`INSERT INTO consent.emergency_accesses VALUES ('I', 'P', 'D-1', $1, 'doctor', false, '[]', 'INSTITUTION', $2, $3, $4)`,
        [org, d.id, new Date(NOW.getTime() + expires).toISOString(), ended ? NOW.toISOString() : null]);
      for (const now of TIMES) {
        const { rows } = await db.query<{ a: Parameters<typeof disasterAccessFromJson>[0] | null }>(`SELECT ${disasterAccessJsonSql("$1", "$2::text", "$3")} AS a`, ["P", A, now.toISOString()]);
        const loaded = rows[0].a ? disasterAccessFromJson(rows[0].a) : null;
        const attr = { id: "I", patientId: "P", organizationId: org, expiresAt: new Date(NOW.getTime() + expires), disaster: d };
        const reader = { actor: { sub: "N-9", role: "nurse" as Role, org: A, amr: [] }, purpose: "DISASTER" as const, now };
        const ts = !ended && disasterAccessCovers(attr, reader, "P");
        expect(disasterAccessCovers(loaded, reader, "P"), `${d.id} ${org} ${expires} ${ended} ${now.toISOString()}`).toBe(ts);
        expect(loaded !== null, `${d.id} ${org} ${expires} ${ended} ${now.toISOString()}`).toBe(ts);
        if (ts) opened++;
      }
    }
    expect(opened).toBeGreaterThan(0);
  });
});
