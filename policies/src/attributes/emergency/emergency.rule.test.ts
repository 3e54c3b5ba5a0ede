import { describe, expect, it } from "vitest";
import type { Actor } from "@hub/common";
import { grantCovers, isGrantHolder, type EmergencyGrantAttr } from "./emergency-grant.rule.js";
import { disasterAccessCovers, type DisasterAccessAttr } from "./disaster.rule.js";

const NOW = new Date("2026-06-01T00:00:00Z");
const H = 3600_000;
const grant: EmergencyGrantAttr = {
  id: "G", patientId: "P", actorSub: "D-1", actorOrg: "1310000009", actorRole: "doctor", mfa: true, expiresAt: new Date(NOW.getTime() + H),
  team: [{ sub: "N-1", role: "nurse" }],
};
const actor = (sub: string, role: Actor["role"], org = "1310000009", mfa = false): Actor => ({ sub, role, org, amr: mfa ? ["mfa"] : [] });
const etreat = (a: Actor) => ({ actor: a, purpose: "ETREAT" as const, now: NOW });

describe("who reads under a break-glass grant", () => {
  it("the starter (with MFA) and the named member of the same institution and role; nobody else", () => {
    expect(grantCovers(grant, etreat(actor("D-1", "doctor", "1310000009", true)), "P")).toBe(true);
    expect(grantCovers(grant, etreat(actor("D-1", "doctor")), "P")).toBe(false);
    expect(grantCovers(grant, etreat(actor("N-1", "nurse")), "P")).toBe(true);
    expect(grantCovers(grant, etreat(actor("N-1", "pharmacist")), "P")).toBe(false);
    expect(grantCovers(grant, etreat(actor("N-1", "nurse", "2710000009")), "P")).toBe(false);
    expect(grantCovers(grant, etreat(actor("N-2", "nurse")), "P")).toBe(false);
    expect(grantCovers(grant, etreat(actor("N-1", "nurse")), "P2")).toBe(false);
    expect(grantCovers(grant, { ...etreat(actor("N-1", "nurse")), purpose: "TREAT" }, "P")).toBe(false);
  });

  it("only the starter holds it (ends it early)", () => {
    expect(isGrantHolder(grant, actor("D-1", "doctor", "1310000009", true))).toBe(true);
    expect(isGrantHolder(grant, actor("N-1", "nurse"))).toBe(false);
  });
});

describe("who reads under a disaster identification", () => {
  const identification: DisasterAccessAttr = {
    id: "I", patientId: "P", organizationId: "2710000009", expiresAt: new Date(NOW.getTime() + H),
    disaster: { id: "D", regions: ["13"], dispatched: ["2710000009"], startsAt: new Date(NOW.getTime() - H), endsAt: new Date(NOW.getTime() + H), endedAt: null },
  };
  const reader = (org: string, purpose: "DISASTER" | "TREAT" = "DISASTER") => ({ actor: actor("X", "nurse", org), purpose, now: NOW });
  it("staff of the identifying institution, with purpose DISASTER, while the declaration is in force", () => {
    expect(disasterAccessCovers(identification, reader("2710000009"), "P")).toBe(true);
    expect(disasterAccessCovers(identification, reader("1310000009"), "P")).toBe(false);
    expect(disasterAccessCovers(identification, reader("2710000009", "TREAT"), "P")).toBe(false);
    expect(disasterAccessCovers(identification, reader("2710000009"), "P2")).toBe(false);
    expect(disasterAccessCovers({ ...identification, disaster: { ...identification.disaster, endedAt: NOW } }, reader("2710000009"), "P")).toBe(false);
    expect(disasterAccessCovers(null, reader("2710000009"), "P")).toBe(false);
  });
});
