import { writeFileSync, mkdirSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { join } from "node:path";
import { Socket } from "node:net";
import pg from "pg";
import { DEV_HUB_CONTEXT_SECRET, DEV_JWT_SECRET, signHubContext, type Actor, type Purpose } from "@hub/common";
import { signDevToken } from "../token-sign.js";
import { generate } from "./generate.js";
import { load, type LoadResult } from "./load.js";
import { startChild, type Child } from "./processes.js";
import { scenarios, type Scenario } from "./scenarios.js";
import { printReport, type Row } from "./report.js";
import { gql, revokeTrials, sqlPerRequest } from "./checks.js";
import { scrapeCounters } from "./prometheus.js";
import { cli } from "../cli.js";

try {
  cli("npm run bench --", "Benchmark the hub against enforcement off, a plain Apollo gateway and the subgraph alone (see README)")
    .addHelpText("after", "\nSettings by environment: BENCH_SECONDS BENCH_WARMUP BENCH_REPS BENCH_CONNECTIONS BENCH_PATIENTS BENCH_HEAVY_RECORDS BENCH_REVOKE_TRIALS")
    .parse(process.argv);
} catch (e) {
  process.exit((e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
}
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SETTINGS = {
  seconds: env("BENCH_SECONDS", 5), warmupSeconds: env("BENCH_WARMUP", 1), repetitions: env("BENCH_REPS", 2),
  connections: env("BENCH_CONNECTIONS", 8), patients: env("BENCH_PATIENTS", 1000), heavyRecords: env("BENCH_HEAVY_RECORDS", 1200),
  revokeTrials: env("BENCH_REVOKE_TRIALS", 1000),
};
const PORTS0 = { GATEWAY_PORT: "0", PGLITE_PORT: "0", DOCUMENTS_PORT: "0", CLINICAL_PORT: "0", ELIGIBILITY_PORT: "0", PHR_PORT: "0", CONSENT_PORT: "0", RESEARCH_PORT: "0", LOG_LEVEL: "warn", NODE_ENV: "development" };
const ACTORS: Record<Scenario["actor"], Actor> = {
  doctor: { sub: "D-001", role: "doctor", org: "1310000002", amr: [] },
  responder: { sub: "ER-001", role: "emergency_responder", org: "1310000009", amr: ["mfa"] },
};

async function postgresUrl(): Promise<string | null> {
  const up = await new Promise<boolean>((r) => { const s = new Socket(); s.setTimeout(1000); s.once("connect", () => { s.destroy(); r(true); }); s.once("error", () => r(false)); s.once("timeout", () => { s.destroy(); r(false); }); s.connect(5432, "127.0.0.1"); });
  if (!up) return null;
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS hub_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE hub_bench");
  const [{ server_version }] = (await admin.query("SHOW server_version")).rows;
  await admin.end();
  console.log(`PostgreSQL ${server_version} at 127.0.0.1:5432 (database hub_bench)`);
  return "postgres://postgres@127.0.0.1:5432/hub_bench";
}

async function main(): Promise<void> {
  const children: Child[] = [];
  try {
    const pgUrl = await postgresUrl();
    if (!pgUrl) console.warn("WARNING: PostgreSQL is not reachable on 127.0.0.1:5432; benchmarking on embedded PGlite (single-session, not representative)");
    // Gateways run in processes of their own, as in production (and as the plain gateway does).
    const a = await startChild("start.js", { ...PORTS0, HUB_PARTS: "subgraphs", HUB_RESET_DB: "1", ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) }, "HUB READY");
    children.push(a);
    const dbUrl = String(a.ready.databaseUrl);
    const gen = await generate(dbUrl, { patients: SETTINGS.patients, heavyRecords: SETTINGS.heavyRecords, consentRate: 0.7, sealRate: 0.05 });
    console.log(`generated ${SETTINGS.patients} patients, ${gen.records} records (heavy patient: ${SETTINGS.heavyRecords}), ${gen.consented.length} consents to hospital B`);
    const b = await startChild("start.js", { ...PORTS0, HUB_PARTS: "subgraphs", HUB_RESET_DB: "0", HUB_BENCH_NO_ENFORCEMENT: "1", DATABASE_URL: dbUrl }, "HUB READY");
    children.push(b);
    const subgraphs = a.ready.subgraphs as Record<string, string>;
    const urlEnv = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [`${k.toUpperCase()}_URL`, v]));
    // One bench client sends hundreds of requests a second as one actor: the per-actor rate limit still runs (its cost
    // is measured) but with a ceiling the load cannot reach, or the hub would measure its own 429s.
    const gwEnv = { ...PORTS0, HUB_PARTS: "gateway", DATABASE_URL: dbUrl, RATE_PER_SECOND: "100000", RATE_BURST: "1000000" };
    const gwA = await startChild("start.js", { ...gwEnv, ...urlEnv(subgraphs) }, "HUB READY");
    const gwB = await startChild("start.js", { ...gwEnv, ...urlEnv(b.ready.subgraphs as Record<string, string>) }, "HUB READY");
    children.push(gwA, gwB);
    const c = await startChild("bench/plain-gateway.js", { BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphs) }, "PLAIN READY");
    children.push(c);
    const urls = { a: String(gwA.ready.gateway), b: String(gwB.ready.gateway), c: c.ready.line.trim(), d: subgraphs.clinical };

    const doctor = await signDevToken({ role: "doctor", sub: "D-001", org: "1310000002" }, DEV_JWT_SECRET);
    const responder = await signDevToken({ role: "emergency_responder", sub: "ER-001", org: "1310000009", mfa: true }, DEV_JWT_SECRET);
    const grant = await gql(urls.a, responder, `mutation($p: ID!) { startEmergencyAccess(input: { patientId: $p, reason: EMERGENCY, justification: "benchmark: unconscious patient" }) { id } }`, { p: gen.consented[1] });
    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 30; i++) {
      const r = await gql(urls.a, doctor, `query($a: String) { patient(id: "${gen.heavy}") { conditions(first: 20, after: $a) { pageInfo { hasNextPage endCursor } } } }`, { a: after });
      const p = r.data.patient.conditions.pageInfo;
      if (!p.hasNextPage) break;
      cursors.push(p.endCursor);
      after = p.endCursor;
    }
    const list = scenarios(gen.consented, gen.heavy, cursors, { patientId: gen.consented[1], grantId: grant.data.startEmergencyAccess.id });
    const rows: Row[] = [];
    const metricsUrl = subgraphs.clinical.replace(/\/graphql$/, "/metrics");
    const metrics = () => scrapeCounters(metricsUrl);

    for (const s of list) {
      const variants: ("a" | "b" | "c" | "d")[] = s.direct ? ["a", "b", "c", "d"] : ["a", "b", "c"];
      const token = s.actor === "doctor" ? doctor : responder;
      const results: Record<string, LoadResult[]> = {};
      const perReq: Record<string, { pdp: number; sql: number }> = {};
      for (let rep = 0; rep < SETTINGS.repetitions; rep++) {
        for (const v of variants) {
          const ctx = await signHubContext({ requestId: "bench", actor: ACTORS[s.actor], purpose: (s.purpose ?? "TREAT") as Purpose, emergencyAccessId: s.emergencyAccessId }, DEV_HUB_CONTEXT_SECRET, 300);
          const headers: Record<string, string> = v === "a" || v === "b" ? { authorization: `Bearer ${token}`, ...(s.headers ?? {}) } : { "x-hub-context": ctx };
          const body = () => JSON.stringify({ query: s.query, variables: s.variables() });
          if (rep === 0) {
            const check = await (await fetch(urls[v], { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body() })).json() as { errors?: { message: string }[] };
            if (check.errors) throw new Error(`${s.name}/${v}: ${check.errors[0].message}`);
          }
          await load({ url: urls[v], headers, body, seconds: SETTINGS.warmupSeconds, connections: SETTINGS.connections });
          const m0 = v === "a" ? await metrics() : null;
          const r = await load({ url: urls[v], headers, body, seconds: SETTINGS.seconds, connections: SETTINGS.connections });
          if (m0) {
            const m1 = await metrics();
            perReq.a = { pdp: (m1.pdpEvaluations - m0.pdpEvaluations) / r.requests, sql: (m1.sqlQueries - m0.sqlQueries) / r.requests };
          }
          (results[v] ??= []).push(r);
        }
      }
      for (const v of variants) rows.push({ scenario: s.name, variant: v, runs: results[v], pdpPerRequest: v === "a" ? perReq.a?.pdp : undefined, sqlPerRequest: v === "a" ? perReq.a?.sql : undefined });
    }

    const nPlusOne = await sqlPerRequest(urls.a, doctor, metricsUrl, gen.heavy, gen.consented[0]);
    const stale = await revokeTrials(urls.a, SETTINGS.revokeTrials, gen.consented.length > 2 ? gen.consented[2] : "B-00003");
    const rss = {
      subgraphsWithEnforcement: a.rssBytes(), subgraphsWithoutEnforcement: b.rssBytes(), hubGatewayA: gwA.rssBytes(), hubGatewayB: gwB.rssBytes(),
      plainGateway: c.rssBytes(), benchDriver: process.memoryUsage().rss,
    };
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${platform()} ${release()}`, database: pgUrl ? "postgresql" : "pglite" };
    const report = printReport({ settings: SETTINGS, machine, rows, nPlusOne, stale, rss });
    const dir = join(__dirname, "..", "..", "..", "bench", "results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().slice(0, 10)}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    console.log(`\nsaved ${file}`);
  } finally {
    for (const ch of children.reverse()) await ch.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
