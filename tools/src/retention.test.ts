import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, setConfig } from "@hub/common";
import { AuditStore } from "@hub/policies";
import { runRetention } from "@hub/documents";
import { prepareDatabase, type PreparedDatabase } from "./database.js";

const run = promisify(execFile);
const DAY = 86_400_000;
const ago = (d: number) => new Date(Date.now() - d * DAY).toISOString();

/** A fresh embedded database (migrated, with demo data) reached over the wire protocol, plus crafted old rows. */
describe("retention job (npm run retention)", () => {
  let db: PreparedDatabase;
  const cfg = loadConfig({ PGLITE_PORT: "0" });
  const q = (sql: string, p: unknown[] = []) => db.sources[0].query(sql, p);
  const rec = (id: string, category: string, daysAgo: number, extra: { code?: string; longTerm?: boolean } = {}) =>
    q(`INSERT INTO clinical.records (id, patient_id, category, source_org_id, identifier, recorded_at, code, long_term, fhir)
       VALUES ($1, 'P-RET', $2, '1310000002', $1, $3, $4, $5, '{}')`, [id, category, ago(daysAgo), extra.code ?? null, extra.longTerm ?? false]);
  const doc = (id: string, type: string, status: string, issuedDaysAgo: number, retrievedDaysAgo: number | null) =>
    q(`INSERT INTO documents.documents (id, patient_id, type, category, source_org_id, status, issued_at, retrieved_at, bundle)
       VALUES ($1, 'P-RET', $2, $3, '1310000002', $4, $5, $6, '{}')`,
      [id, type, type === "REFERRAL" ? "document_referral" : "document_checkup", status, ago(issuedDaysAgo), retrievedDaysAgo === null ? null : ago(retrievedDaysAgo)]);
  const exists = async (id: string) => (await q(`SELECT 1 FROM clinical.records WHERE id = $1 UNION ALL SELECT 1 FROM documents.documents WHERE id = $1`, [id])).length > 0;

  beforeAll(async () => {
    setConfig(cfg);
    db = await prepareDatabase(cfg, { seed: true });
    await q(`INSERT INTO clinical.patients (id, name, birth_date, gender) VALUES ('P-RET', '保存 期間', '1950-01-01', 'male')`);
    await rec("R-COND-OLD", "condition", 6 * 365);
    await rec("R-COND-LTS", "condition", 6 * 365, { longTerm: true });
    await rec("R-COND-NEW", "condition", 4 * 365);
    for (let i = 1; i <= 5; i++) await rec(`R-HBA1C-${i}`, "lab_lifestyle", 400 + i * 30, { code: "3D046" }); // all older than a year
    await rec("R-K-OLD", "lab_emergency", 800, { code: "3H015" }); // the only potassium result: one of the last 3
    await rec("R-RX-OLD", "prescription", 120);
    await rec("R-RX-NEW", "prescription", 30);
    await doc("D-CHK-OLD", "CHECKUP_REPORT", "AVAILABLE", 6 * 365, null);
    await doc("D-REF-DONE", "REFERRAL", "RETRIEVED", 20, 10);
    await doc("D-REF-RECENT", "REFERRAL", "RETRIEVED", 5, 2);
    await doc("D-REF-LIVE", "REFERRAL", "AVAILABLE", 300, null);
  }, 60_000);
  afterAll(async () => { await db?.close(); });

  it("a dry run counts what is due and changes nothing", async () => {
    const r = await runRetention(db.sources[0], new AuditStore(db.sources[0]), cfg.retention, { dryRun: true });
    expect(r.counts["clinical-5y"]).toBeGreaterThanOrEqual(1);
    expect(await exists("R-COND-OLD")).toBe(true);
    expect(await exists("D-REF-DONE")).toBe(true);
    const [job] = await q(`SELECT status, progress, dry_run FROM documents.jobs WHERE id = $1`, [r.jobId]);
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 100, dry_run: true });
  });

  it("purges by the SPEC periods, keeps long-term records and the last 3 labs of each test, and audits every purge", async () => {
    const before = (await q(`SELECT count(*)::int AS n FROM consent.audit_events WHERE event_type = 'retention-purged'`))[0].n;
    const r = await runRetention(db.sources[0], new AuditStore(db.sources[0]), cfg.retention, { dryRun: false });
    const gone = ["R-COND-OLD", "R-HBA1C-4", "R-HBA1C-5", "R-RX-OLD", "D-CHK-OLD", "D-REF-DONE"];
    const kept = ["R-COND-LTS", "R-COND-NEW", "R-HBA1C-1", "R-HBA1C-2", "R-HBA1C-3", "R-K-OLD", "R-RX-NEW", "D-REF-RECENT", "D-REF-LIVE"];
    for (const id of gone) expect(await exists(id), id).toBe(false);
    for (const id of kept) expect(await exists(id), id).toBe(true);
    const events = await q(`SELECT category, record_ids, detail FROM consent.audit_events WHERE event_type = 'retention-purged' AND patient_id = 'P-RET'`);
    expect(events.flatMap((e: { record_ids: string[] }) => e.record_ids).sort()).toEqual([...gone].sort());
    expect(events.every((e: { detail: { jobId: string } }) => e.detail.jobId === r.jobId)).toBe(true);
    const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
    expect((await q(`SELECT count(*)::int AS n FROM consent.audit_events WHERE event_type = 'retention-purged'`))[0].n - before).toBeGreaterThanOrEqual(events.length);
    expect(total).toBeGreaterThanOrEqual(gone.length);
    expect((await new AuditStore(db.sources[0]).verify()).brokenAt).toBeNull();
  });

  it("the CLI refuses unknown arguments and reports a dry run as JSON", async () => {
    const cli = join(__dirname, "..", "dist", "retention.js");
    const env = { ...process.env, DATABASE_URL: db.databaseUrl };
    await expect(run("node", [cli, "--purge-everything"], { env })).rejects.toMatchObject({ code: 2 });
    const { stdout, stderr } = await run("node", [cli, "--dry-run", "--json"], { env });
    expect(JSON.parse(stdout)).toMatchObject({ dryRun: true, counts: { "clinical-5y": 0 } });
    expect(stderr).toContain("[100%]");
  });
});
