import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, token } from "../support/client.js";
import { DIABETES, REQUEST, REVIEW, steward } from "../support/research.js";
import { haproxyAvailable } from "./haproxy.js";
import { backgroundLoad, brief, median, runLoad, send, type Sent } from "./load.js";
import { postgresBin, startPgCluster, type PgCluster } from "./pg-cluster.js";
import { waitFor } from "../support/wait.js";
import { startReplicaSets, type ReplicaSets } from "./replica-set.js";

/**
 * Two replica sets (every subgraph twice, the gateway twice) behind HAProxy over a PostgreSQL primary with a
 * synchronous hot standby. `npm run test:scale` runs it with the full load (HUB_SCALE=full); `npm test` runs the
 * short version when HAProxy and PostgreSQL's server binaries are installed (`.ci/run` installs HAProxy).
 */
const FULL = process.env.HUB_SCALE === "full";
const missing = !haproxyAvailable() ? "HAProxy (apt-get install haproxy)" : !postgresBin() ? "PostgreSQL server binaries (/usr/lib/postgresql/*/bin)" : null;
if (missing) console.warn(`scale test skipped: ${missing} not installed`);
const AUDIT_CLI = join(__dirname, "..", "..", "tools", "dist", "audit.js");
const run = promisify(execFile);

describe.skipIf(missing !== null)("many replicas on one PostgreSQL cluster", { timeout: 900_000 }, () => {
  let cluster: PgCluster;
  let sets: ReplicaSets;
  let sql: pg.Client;
  const connectSql = async () => {
    await sql?.end().catch(() => undefined);
    sql = new pg.Client({ connectionString: cluster.primaryUrl() });
    sql.on("error", () => undefined);
    await sql.connect();
  };
  // A webhook receiver for specialist centre E: both replicas run the delivery job, each notification arrives once.
  const E_CENTER = "1310000005";
  const received: { id: string; kind: string }[] = [];
  let hook: Server;
  let hookFromSeq = 0;
  beforeAll(async () => {
    cluster = await startPgCluster();
    sets = await startReplicaSets(cluster.url, 2, { EMERGENCY_SWEEP_MS: "500", RETENTION_INTERVAL_MINUTES: "1", WEBHOOK_POLL_MS: "200" });
    await connectSql();
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => { body += d; });
      req.on("end", () => { received.push(JSON.parse(body)); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    hookFromSeq = Number((await sql.query("SELECT coalesce(max(seq), 0) AS n FROM consent.notifications")).rows[0].n);
    const clerk = await token({ role: "clerk", sub: "CL-SCALE", org: E_CENTER });
    const reg = await send(sets.gatewayUrl, clerk, `mutation($u: String!) { registerWebhook(url: $u) { id } }`, { u: `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook` });
    expect(reg.codes, brief([reg])).toEqual([]);
  }, 900_000);
  afterAll(async () => {
    hook?.close();
    await sql?.end().catch(() => undefined);
    await sets?.stop();
    await cluster?.stop();
  });

  const served = async () => Object.fromEntries((await sets.balancer.admin("show stat")).split("\n").filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(",")).filter((r) => r[1] !== "FRONTEND" && r[1] !== "BACKEND").map((r) => [`${r[0]}/${r[1]}`, Number(r[7])]));

  it("serves a mixed load through every replica with 0 errors, each patient-data response audited under its request id", async () => {
    const before = await served();
    const { results } = await runLoad(sets.gatewayUrl, FULL ? 3000 : 300, 12);
    expect(results.filter((r) => r.failed || r.status !== 200 || r.codes.length), brief(results)).toHaveLength(0);
    const after = await served();
    for (const server of Object.keys(after).filter((k) => /^(gateway|clinical)\//.test(k))) expect(after[server] - before[server], server).toBeGreaterThan(0);
    const ids = results.filter((r) => r.patientData).map((r) => r.requestId!);
    expect(ids).toHaveLength(results.length);
    const { rows } = await sql.query("SELECT count(DISTINCT request_id)::int AS n FROM consent.audit_events WHERE event_type = 'access' AND request_id = ANY($1)", [ids]);
    expect(rows[0].n).toBe(new Set(ids).size);
    const verify = await run(process.execPath, [AUDIT_CLI, "verify"], { env: { ...process.env, DATABASE_URL: cluster.url } });
    expect(verify.stdout).toMatch(/intact/);
  });

  const viaEveryGateway = async (token: string, query: string, times = 3) => {
    const out: Sent[] = [];
    for (const g of sets.gateways) for (let i = 0; i < times; i++) out.push(await send(g.urls.gateway, token, query));
    return out as (Sent & { body: any })[];
  };

  it("sees a revoked consent and a new seal on the very next request through any replica", async () => {
    const [patient, doctorE, doctorB] = await Promise.all([as.patient("P-0001"), as.doctorE(), as.doctorB()]);
    const CONDITIONS = `{ patient(id: "P-0001") { conditions { nodes { id } } } }`;
    const count = (r: Sent & { body: any }) => r.body?.data?.patient?.conditions?.nodes?.length ?? 0;
    for (let trial = 0; trial < (FULL ? 10 : 3); trial++) {
      const granted = await send(sets.gatewayUrl, patient, `mutation { grantConsent(input: { organizationId: "1310000005", purpose: TREAT, categories: [CONDITION] }) { id } }`) as any;
      expect(granted.codes).toEqual([]);
      expect((await viaEveryGateway(doctorE, CONDITIONS)).map(count).every((n) => n > 0)).toBe(true);
      const revoked = await send(sets.gatewayUrl, patient, `mutation($id: ID!) { revokeConsent(id: $id) { id } }`, { id: granted.body.data.grantConsent.id });
      expect(revoked.codes).toEqual([]);
      expect((await viaEveryGateway(doctorE, CONDITIONS)).map(count)).toEqual(sets.gateways.flatMap(() => [0, 0, 0]));

      const sealed = await send(sets.gatewayUrl, patient, `mutation { sealRecords(input: { level: SEALED, category: CONDITION }) { id } }`) as any;
      expect(sealed.codes).toEqual([]);
      expect((await viaEveryGateway(doctorB, CONDITIONS)).map(count)).toEqual(sets.gateways.flatMap(() => [0, 0, 0]));
      expect((await send(sets.gatewayUrl, patient, `mutation($id: ID!) { unseal(id: $id) { id } }`, { id: sealed.body.data.sealRecords.id })).codes).toEqual([]);
      expect((await viaEveryGateway(doctorB, CONDITIONS)).map(count).every((n) => n > 0)).toBe(true);
    }
  });

  it("puts a policy change and its rollback in force in every replica on the next request", async () => {
    const [admin, nurse] = await Promise.all([as.admin(), as.nurseB()]);
    const LABS = `{ patient(id: "P-0001") { labResults { nodes { id } } } }`;
    const live = (await send(sets.gatewayUrl, admin, `{ policyRules { version rules { role purpose category action condition effect name } } }`) as any).body.data.policyRules;
    const tightened = [...live.rules, ...["lab_emergency", "lab_lifestyle"].map((category) =>
      ({ role: "nurse", purpose: "*", category, action: "read", condition: "*", effect: "deny", name: "nurse-no-labs" }))];
    const applied = await send(sets.gatewayUrl, admin, `mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "scale: nurses no labs") { version } }`, { r: tightened }, 300_000) as any;
    expect(applied.codes, brief([applied])).toEqual([]);
    const before = await served();
    const denied = await viaEveryGateway(nurse, LABS);
    const after = await served();
    expect(after["clinical/s1"] - before["clinical/s1"]).toBeGreaterThan(0);
    expect(after["clinical/s2"] - before["clinical/s2"]).toBeGreaterThan(0);
    expect(denied.every((r) => r.body.data.patient.labResults === null && r.body.errors.every((e: any) => e.extensions.rule === "nurse-no-labs"))).toBe(true);
    const rolled = await send(sets.gatewayUrl, admin, `mutation($v: Int!) { rollbackPolicy(version: $v) { version } }`, { v: applied.body.data.updatePolicyRules.version - 1 }, 300_000);
    expect(rolled.codes).toEqual([]);
    expect((await viaEveryGateway(nurse, LABS)).every((r) => r.codes.length === 0 && r.body.data.patient.labResults.nodes.length > 0)).toBe(true);
  });

  it("runs each scheduled job once per period across replicas: never two runs at once, both replicas take turns", async () => {
    const since = new Date();
    type Run = { holder: string; started_at: Date; finished_at: Date };
    let runs: Run[] = [];
    await waitFor("both replicas ran the emergency expiry job", async () => {
      runs = (await sql.query("SELECT holder, started_at, finished_at FROM consent.job_run_log WHERE job = 'emergency-expiry' AND started_at >= $1 ORDER BY started_at", [since])).rows;
      return runs.length >= 8 && new Set(runs.map((r) => r.holder)).size === 2;
    }, { limitMs: 300_000 });
    for (let i = 1; i < runs.length; i++) {
      expect(+runs[i].started_at).toBeGreaterThanOrEqual(+runs[i - 1].finished_at);
      expect(+runs[i].started_at - +runs[i - 1].started_at).toBeGreaterThanOrEqual(500);
    }
  });

  it("runs scheduled retention once per interval across replicas (RETENTION_INTERVAL_MINUTES=1 here)", async () => {
    type Run = { started_at: Date; finished_at: Date | null };
    let runs: Run[] = [];
    await waitFor("a scheduled retention run", async () => {
      runs = (await sql.query("SELECT started_at, finished_at FROM documents.jobs WHERE kind = 'retention' AND NOT dry_run ORDER BY started_at")).rows;
      return runs.length >= 1 && runs.every((r) => r.finished_at !== null);
    }, { limitMs: 300_000, everyMs: 500 });
    for (let i = 1; i < runs.length; i++) {
      expect(+runs[i].started_at).toBeGreaterThanOrEqual(+runs[i - 1].finished_at!);
      expect(+runs[i].started_at - +runs[i - 1].started_at).toBeGreaterThanOrEqual(59_000);
    }
  });

  it("delivers each webhook notification once, though both replicas run the delivery job", async () => {
    const addressed: string[] = (await sql.query("SELECT seq::text AS id FROM consent.notifications WHERE recipient_org = $1 AND seq > $2 ORDER BY seq", [E_CENTER, hookFromSeq])).rows.map((r) => r.id);
    expect(addressed.length).toBeGreaterThanOrEqual(6); // the consents granted to and revoked from E above
    await waitFor("every notification for E delivered", () => addressed.every((id) => received.some((x) => x.id === id)), { limitMs: 120_000 });
    const ids = received.map((x) => x.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it("runs an extraction once, though both replicas' workers poll for jobs", async () => {
    const researcher = await as.researcher();
    const submitted = await send(sets.gatewayUrl, researcher, REQUEST, { input: DIABETES }) as any;
    expect(submitted.codes, brief([submitted])).toEqual([]);
    const id = submitted.body.data.submitDatasetRequest.id;
    const reviewed = await send(sets.gatewayUrl, await steward(), REVIEW, { id, d: "APPROVE" });
    expect(reviewed.codes, brief([reviewed])).toEqual([]);
    const run = await send(sets.gatewayUrl, researcher, `mutation($id: ID!) { runExtraction(requestId: $id) { id } }`, { id }) as any;
    expect(run.codes, brief([run])).toEqual([]);
    const jobId = run.body.data.runExtraction.id;
    await waitFor("the extraction finishes", async () => ["SUCCEEDED", "FAILED"].includes(
      (await sql.query("SELECT status FROM research.extraction_jobs WHERE id = $1", [jobId])).rows[0]?.status), { limitMs: 300_000, everyMs: 200 });
    const job = (await sql.query("SELECT status, attempts FROM research.extraction_jobs WHERE id = $1", [jobId])).rows[0];
    expect(job).toEqual({ status: "SUCCEEDED", attempts: 1 });
    const finished = await sql.query("SELECT count(*)::int AS n FROM consent.audit_events WHERE event_type = 'extraction-finished' AND detail->>'jobId' = $1", [jobId]);
    expect(finished.rows[0].n).toBe(1);
  });

  it("measures throughput of one replica set against two (interleaved rounds, rotated order)", async () => {
    const rounds = FULL ? 5 : 3;
    const perRound = FULL ? 600 : 150;
    const rps: { one: number[]; two: number[] } = { one: [], two: [] };
    const errors: Sent[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const variant of (r % 2 ? ["two", "one"] : ["one", "two"]) as ("one" | "two")[]) {
        await sets.only(variant === "one" ? 0 : null);
        const { results, seconds } = await runLoad(sets.gatewayUrl, perRound, 16);
        errors.push(...results.filter((x) => x.failed || x.status !== 200 || x.codes.length));
        rps[variant].push(results.length / seconds);
      }
    }
    await sets.only(null);
    expect(errors, brief(errors)).toHaveLength(0);
    const ratios = rps.two.map((t, i) => t / rps.one[i]);
    const report = {
      rounds, requestsPerRound: perRound, oneSetRps: Math.round(median(rps.one)), twoSetsRps: Math.round(median(rps.two)),
      ratioTwoOverOne: Number(median(ratios).toFixed(2)), ratioSpread: [Math.min(...ratios), Math.max(...ratios)].map((x) => Number(x.toFixed(2))),
      caveat: "one 2-core machine: both sets, HAProxy, PostgreSQL and the load generator share the same cores",
    };
    console.log(`SCALE throughput ${JSON.stringify(report)}`);
    expect(report.oneSetRps).toBeGreaterThan(0);
  });

  it("survives the loss of the primary: clean coded errors during the switch, nothing acknowledged lost, chains intact", async () => {
    const patient = await as.patient("P-0001");
    const acked = await send(sets.gatewayUrl, patient, `mutation { grantConsent(input: { organizationId: "1310000003", purpose: TREAT, categories: [PRESCRIPTION] }) { id } }`) as any;
    expect(acked.codes).toEqual([]);
    const ok = (r: Sent) => !r.failed && r.status === 200 && r.codes.length === 0;
    const load = backgroundLoad(sets.gatewayUrl, 8);
    await waitFor("load before the failover", () => load.sofar().filter(ok).length >= 50);
    const t0 = Date.now();
    await cluster.failover();
    const switched = Date.now();
    // Requests succeed again on the promoted standby without restarting anything.
    await waitFor("50 successes after the switch", () => load.sofar().filter((r) => ok(r) && r.at >= switched).length >= 50, { limitMs: 180_000 });
    const all = await load.stop();
    await connectSql();
    const failedAt = all.filter((r) => r.failed || r.status !== 200 || r.codes.length);
    const outage = failedAt.length ? (Math.max(...failedAt.map((r) => r.at + r.ms)) - Math.min(...failedAt.map((r) => r.at))) / 1000 : 0;
    console.log(`SCALE failover ${JSON.stringify({ outageSeconds: Number(outage.toFixed(2)), failedRequests: failedAt.length, requests: all.length, promoteSeconds: Number(((switched - t0) / 1000).toFixed(2)) })}`);
    // Never a hang, never a bare transport failure: a coded GraphQL error or HAProxy's 503 with Retry-After.
    expect(all.filter((r) => r.failed), brief(all)).toHaveLength(0);
    for (const r of failedAt) {
      if (r.status === 503) expect((r as any).retryAfter).toBeTruthy();
      expect(r.codes.length, brief([r])).toBeGreaterThan(0);
      expect(r.codes.every((c) => c === "INTERNAL"), brief([r])).toBe(true);
    }
    // Every audit event whose request id a client received is on the new primary, and so is the acknowledged consent.
    const ids = all.filter((r) => r.patientData && r.codes.length === 0).map((r) => r.requestId!);
    const { rows } = await sql.query("SELECT count(DISTINCT request_id)::int AS n FROM consent.audit_events WHERE event_type = 'access' AND request_id = ANY($1)", [ids]);
    expect(rows[0].n).toBe(new Set(ids).size);
    expect((await sql.query("SELECT count(*)::int AS n FROM consent.consents WHERE id = $1", [acked.body.data.grantConsent.id])).rows[0].n).toBe(1);
    const verify = await run(process.execPath, [AUDIT_CLI, "verify"], { env: { ...process.env, DATABASE_URL: cluster.url } });
    expect(verify.stdout).toMatch(/intact/);
  });
});
