import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { as, codes, gql, hub } from "./support/client.js";
import { validateR4 } from "../subgraphs/documents/src/fhir/validate.js";

const run = promisify(execFile);
const AUDIT_CLI = join(__dirname, "..", "tools", "dist", "audit.js");
// The hub is shared by the test files before this one: the whole trail passes execFile's 1 MiB default buffer.
const audit = (...args: string[]) => run(process.execPath, [AUDIT_CLI, ...args], { env: { ...process.env, DATABASE_URL: hub().databaseUrl }, maxBuffer: 512 * 1024 * 1024 });

describe("audit trail and the patient's access log", () => {
  it("shows the patient who looked: allowed and denied reads, by institution, role, category and purpose", async () => {
    await gql(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: await as.doctorB() });
    await gql(`{ patient(id: "P-0001") { prescriptions { nodes { id } } } }`, { token: await as.doctorE() });
    const log = await gql<any>(`{ patient(id: "P-0001") { accessLog(first: 50) { nodes { at organization { id name } actorRole category purpose decision emergency event } } } }`, { token: await as.patient() });
    expect(log.errors).toBeUndefined();
    const entries = log.data.patient.accessLog.nodes;
    expect(entries).toContainEqual(expect.objectContaining({ organization: { id: "1310000002", name: "みなと総合病院" }, actorRole: "DOCTOR", category: "allergy", purpose: "TREAT", decision: "ALLOW", emergency: false }));
    expect(entries).toContainEqual(expect.objectContaining({ organization: { id: "1310000005", name: "E医療センター" }, category: "prescription", decision: "DENY" }));
    const times = entries.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(entries.every((e: any) => e.actorRole !== "PATIENT")).toBe(true);
  });

  it("nobody else reads a patient's access log", async () => {
    expect(codes(await gql(`{ patient(id: "P-0001") { accessLog { nodes { at } } } }`, { token: await as.doctorB() }))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(`{ patient(id: "P-0001") { accessLog { nodes { at } } } }`, { token: await as.patient("P-0002") }))).toEqual(["FORBIDDEN"]);
  });

  it("the chain verifies, refuses updates, and `npm run audit -- verify` detects tampering", async () => {
    const ok = await audit("verify");
    expect(ok.stdout).toMatch(/audit chain intact: \d+ events/);
    const db = new pg.Client({ connectionString: hub().databaseUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE consent.audit_events SET rule = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      const { rows } = await db.query(`SELECT seq, rule FROM consent.audit_events WHERE event_type = 'access' ORDER BY seq LIMIT 1`);
      await db.query(`ALTER TABLE consent.audit_events DISABLE TRIGGER audit_no_update`);
      await db.query(`UPDATE consent.audit_events SET rule = 'tampered' WHERE seq = $1`, [rows[0].seq]);
      const broken = await audit("verify").then(() => null, (e: { code: number; stderr: string }) => e);
      expect(broken?.code).toBe(1);
      expect(broken?.stderr).toContain(`BROKEN at event ${rows[0].seq}`);
      await db.query(`UPDATE consent.audit_events SET rule = $2 WHERE seq = $1`, [rows[0].seq, rows[0].rule]);
    } finally {
      await db.query(`ALTER TABLE consent.audit_events ENABLE TRIGGER audit_no_update`);
      await db.end();
    }
    expect((await audit("verify")).stdout).toMatch(/intact/);
  });

  it("exports FHIR AuditEvent resources: a patient's events after a sequence number, those this test caused among them", async () => {
    const db = new pg.Client({ connectionString: hub().databaseUrl });
    await db.connect();
    const before = Number((await db.query(`SELECT coalesce(max(seq), 0) AS s FROM consent.audit_events`).finally(() => db.end())).rows[0].s);
    await gql(`{ patient(id: "P-0001") { allergies { nodes { id } } } }`, { token: await as.doctorB() });
    await gql(`{ patient(id: "P-0001") { prescriptions { nodes { id } } } }`, { token: await as.doctorE() });
    const { stdout } = await audit("export", "--patient", "P-0001", "--after", String(before));
    const events = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.every((e) => e.resourceType === "AuditEvent")).toBe(true);
    expect(events.every((e) => Number(e.id.slice("hub-".length)) > before)).toBe(true);
    expect(events.every((e) => e.entity.some((x: any) => x.what.reference === "Patient/P-0001"))).toBe(true);
    const org = (e: any) => e.agent[0].location?.identifier.value;
    // the allowed read (みなと総合病院's doctor, allergies) and the denied one (E医療センター, prescriptions), as access events
    expect(events.some((e) => e.subtype[0].code === "access" && e.outcome === "0" && org(e) === "1310000002")).toBe(true);
    expect(events.some((e) => e.subtype[0].code === "access" && e.outcome === "4" && org(e) === "1310000005")).toBe(true);
    expect(events.filter((e) => e.subtype[0].code === "access").every((e) => e.type.code === "110110")).toBe(true);
  });

  it("export refuses a sequence number that is not a whole number (exit 2)", async () => {
    const bad = await audit("export", "--after", "ten").then(() => null, (e: { code: number; stderr: string }) => e);
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toMatch(/whole number/);
  });

  it("every exported AuditEvent validates as FHIR R4 (issue #20)", async () => {
    const { stdout } = await run(process.execPath, [AUDIT_CLI, "export"], { env: { ...process.env, DATABASE_URL: hub().databaseUrl }, maxBuffer: 512 * 1024 * 1024 });
    const events = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(0);
    const bad = events.map((e) => ({ id: e.id, issues: validateR4(e) })).filter((x) => x.issues.length > 0);
    expect(bad.slice(0, 5)).toEqual([]);
  }); // the whole trail of this hub, however many test files wrote to it before
});
