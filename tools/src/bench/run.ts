import { randomUUID } from "node:crypto";
import { writeFileSync, mkdirSync } from "node:fs";
import { cpus, loadavg, totalmem, platform, release } from "node:os";
import { join } from "node:path";
import { DEV_JWT_SECRET, type HubContextClaims, type Purpose } from "@hub/common";
import { signDevToken } from "../token-sign.js";
import { generate } from "./generate.js";
import { generateScaling, RECORD_PATIENTS, SEAL_PATIENTS } from "./generate-scaling.js";
import { load, type BenchRequest, type LoadResult } from "./load.js";
import { startChild, type Child } from "./processes.js";
import { scenarios } from "./scenarios.js";
import { buildReport, printReport, writeReadmeTable } from "./report.js";
import { gql, perRequestCounts, revokeTrials } from "./checks.js";
import { scrapeCounters } from "./prometheus.js";
import { ownDatabase } from "./database.js";
import { CLAIMS_HEADER, encodeClaims, signFor } from "./peer-signing.js";
import { rotated, type Variant } from "./rounds.js";
import { DatabaseCpu, measureCpu } from "./cpu.js";
import { cli } from "../cli.js";

try {
  cli("npm run bench --", "Benchmark the hub against enforcement off, plain Apollo Gateway, Hive Gateway and the subgraph alone (see README)")
    .addHelpText("after", "\nSettings by environment: BENCH_PROFILE=<dir> BENCH_SECONDS BENCH_WARMUP BENCH_ROUNDS BENCH_CONNECTIONS BENCH_PATIENTS BENCH_HEAVY_RECORDS BENCH_REVOKE_TRIALS BENCH_SCENARIOS BENCH_README=0")
    .parse(process.argv);
} catch (e) {
  process.exit((e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
}
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SETTINGS = {
  seconds: env("BENCH_SECONDS", 4), warmupSeconds: env("BENCH_WARMUP", 1), rounds: Math.max(env("BENCH_ROUNDS", 5), 1),
  connections: env("BENCH_CONNECTIONS", 8), patients: env("BENCH_PATIENTS", 1000), heavyRecords: env("BENCH_HEAVY_RECORDS", 1200),
  revokeTrials: env("BENCH_REVOKE_TRIALS", 200),
};
const PORTS0 = { GATEWAY_PORT: "0", PGLITE_PORT: "0", DOCUMENTS_PORT: "0", CLINICAL_PORT: "0", ELIGIBILITY_PORT: "0", PHR_PORT: "0", CONSENT_PORT: "0", RESEARCH_PORT: "0", LOG_LEVEL: "warn", NODE_ENV: "development" };
const ACTORS = {
  doctor: { sub: "D-001", role: "doctor", org: "1310000002", amr: [] as string[] },
  responder: { sub: "ER-001", role: "emergency_responder", org: "1310000009", amr: ["mfa"] },
} as const;

async function main(): Promise<void> {
  const children: Child[] = [];
  let dbCpu: DatabaseCpu | undefined;
  const own = await ownDatabase();
  const loadBefore = loadavg();
  try {
    if (!own) console.warn("WARNING: PostgreSQL is not reachable on 127.0.0.1:5432; benchmarking on embedded PGlite (single-session, not representative)");
    else console.log(`PostgreSQL ${own.version} at 127.0.0.1:5432 (database ${own.url.split("/").pop()}, this run's own)`);
    // Gateways run in processes of their own, as in production (and as the peers do).
    const a = await startChild("start.js", { ...PORTS0, HUB_PARTS: "subgraphs", HUB_RESET_DB: "1", ...(own ? { DATABASE_URL: own.url } : {}) }, "HUB READY");
    children.push(a);
    const dbUrl = String(a.ready.databaseUrl);
    const gen = await generate(dbUrl, { patients: SETTINGS.patients, heavyRecords: SETTINGS.heavyRecords, consentRate: 0.7, sealRate: 0.05 });
    await generateScaling(dbUrl);
    console.log(`generated ${SETTINGS.patients} patients, ${gen.records} records (heavy patient: ${SETTINGS.heavyRecords}), ${gen.consented.length} consents to hospital B; scaling patients`);
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
    const h = await startChild("bench/hive-gateway.js", { BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphs) }, "HIVE READY");
    children.push(c, h);
    // Whose CPU a variant's run spends: its gateway process and the subgraph process behind it (and the database).
    const pids: Record<Variant, { gateway?: number; subgraphs: number }> = {
      a: { gateway: gwA.proc.pid, subgraphs: a.proc.pid! }, b: { gateway: gwB.proc.pid, subgraphs: b.proc.pid! },
      c: { gateway: c.proc.pid, subgraphs: a.proc.pid! }, h: { gateway: h.proc.pid, subgraphs: a.proc.pid! }, d: { subgraphs: a.proc.pid! },
    };
    dbCpu = await DatabaseCpu.open(dbUrl);
    const urls: Record<Variant, string> = { a: String(gwA.ready.gateway), b: String(gwB.ready.gateway), c: c.ready.line.trim(), h: h.ready.line.trim(), d: subgraphs.clinical };

    const doctor = await signDevToken({ role: "doctor", sub: "D-001", org: "1310000002" }, DEV_JWT_SECRET);
    const responder = await signDevToken({ role: "emergency_responder", sub: "ER-001", org: "1310000009", mfa: true }, DEV_JWT_SECRET);
    const grant = await gql(urls.a, responder, `mutation($p: ID!) { startEmergencyAccess(input: { patientId: $p, reason: EMERGENCY, justification: "benchmark: unconscious patient" }) { id } }`, { p: gen.consented[1] });
    if (!grant.data) throw new Error(`emergency grant: ${grant.errors?.[0]?.message}`);
    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 30; i++) {
      const r = await gql(urls.a, doctor, `query($a: String) { patient(id: "${gen.heavy}") { conditions(first: 20, after: $a) { pageInfo { hasNextPage endCursor } } } }`, { a: after });
      const p = r.data.patient.conditions.pageInfo;
      if (!p.hasNextPage) break;
      cursors.push(p.endCursor);
      after = p.endCursor;
    }
    const only = process.env.BENCH_SCENARIOS?.split(",");
    const list = scenarios(gen.consented, gen.heavy, cursors, { patientId: gen.consented[1], grantId: grant.data.startEmergencyAccess.id })
      .filter((s) => !only || only.includes(s.name));
    const metricsUrl = subgraphs.clinical.replace(/\/graphql$/, "/metrics");

    // What each variant is sent: bearer tokens to the hub gateways; the caller's claims to the peers (they sign per
    // subgraph call); to the subgraph directly a context signed for each request's own body. Every request carries
    // claims of its own (its own request id, as the hub gateway makes): identical contexts would let a peer that
    // deduplicates identical in-flight subgraph calls (Hive does) answer many requests with one call.
    const requestFor = (s: (typeof list)[number], v: Variant) => {
      const claimsOf = (): HubContextClaims => ({ requestId: randomUUID(), actor: { ...ACTORS[s.actor], amr: [...ACTORS[s.actor].amr] } as HubContextClaims["actor"], purpose: (s.purpose ?? "TREAT") as Purpose, emergencyAccessId: s.emergencyAccessId });
      const token = s.actor === "doctor" ? doctor : responder;
      const headers: Record<string, string> = v === "a" || v === "b" ? { authorization: `Bearer ${token}`, ...(s.headers ?? {}) } : {};
      const request = (): BenchRequest => {
        const variables = s.variables();
        const body = JSON.stringify({ query: s.query, variables });
        if (v === "a" || v === "b") return { body };
        const claims = claimsOf();
        const own: Record<string, string> = v === "d" ? { "x-hub-context": signFor(claims, s.query, variables) } : { [CLAIMS_HEADER]: encodeClaims(claims) };
        return { body, headers: own };
      };
      return { headers, request };
    };

    const perRound: Record<string, Partial<Record<Variant, LoadResult>>[]> = {};
    const counts: Record<string, { pdp: number; sql: number }[]> = {};
    for (const s of list) {
      for (const v of s.variants) {
        const { headers, request } = requestFor(s, v);
        const r = request();
        const check = await (await fetch(urls[v], { method: "POST", headers: { "content-type": "application/json", ...headers, ...r.headers }, body: r.body })).json() as { errors?: { message: string }[] };
        if (check.errors) throw new Error(`${s.name}/${v}: ${check.errors[0].message}`);
        await load({ url: urls[v], headers, request, seconds: SETTINGS.warmupSeconds, connections: SETTINGS.connections });
      }
    }
    for (let round = 0; round < SETTINGS.rounds; round++) {
      for (const [si, s] of list.entries()) {
        const results: Partial<Record<Variant, LoadResult>> = {};
        for (const v of rotated(s.variants, round + si)) {
          const { headers, request } = requestFor(s, v);
          const m0 = v === "a" ? await scrapeCounters(metricsUrl) : null;
          const r = await measureCpu(pids[v], dbCpu, () => load({ url: urls[v], headers, request, seconds: SETTINGS.seconds, connections: SETTINGS.connections }));
          if (m0) {
            const m1 = await scrapeCounters(metricsUrl);
            (counts[s.name] ??= []).push({ pdp: (m1.pdpEvaluations - m0.pdpEvaluations) / Math.max(r.requests, 1), sql: (m1.sqlQueries - m0.sqlQueries) / Math.max(r.requests, 1) });
          }
          results[v] = r;
        }
        (perRound[s.name] ??= []).push(results);
        const line = s.variants.map((v) => `${v} ${results[v]!.rps.toFixed(0)}${results[v]!.failures ? `(${results[v]!.failures} failed)` : ""}`).join("  ");
        console.log(`round ${round + 1}/${SETTINGS.rounds} ${s.name.padEnd(20)} ${line}`);
      }
    }

    const seals = await perRequestCounts(urls.a, doctor, metricsUrl, Object.values(SEAL_PATIENTS));
    const records = await perRequestCounts(urls.a, doctor, metricsUrl, Object.values(RECORD_PATIENTS));
    const stale = await revokeTrials(urls.a, SETTINGS.revokeTrials, gen.consented.length > 2 ? gen.consented[2] : "B-00003");
    const rss = {
      subgraphsWithEnforcement: a.rssBytes(), subgraphsWithoutEnforcement: b.rssBytes(), hubGatewayA: gwA.rssBytes(), hubGatewayB: gwB.rssBytes(),
      plainApolloGateway: c.rssBytes(), hiveGateway: h.rssBytes(), benchDriver: process.memoryUsage().rss,
    };
    const machine = {
      cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${platform()} ${release()}`,
      database: own ? `postgresql ${own.version}` : "pglite", loadAverageBefore: loadBefore, loadAverageAfter: loadavg(),
    };
    const report = buildReport({ settings: SETTINGS, machine, scenarios: list.map((s) => ({ name: s.name, description: s.description, variants: s.variants })), perRound, counts, seals, records, stale, rss });
    printReport(report);
    const dir = join(__dirname, "..", "..", "..", "bench", "results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    console.log(`\nsaved ${file}`);
    if (process.env.BENCH_README !== "0") console.log(writeReadmeTable(join(__dirname, "..", "..", "..", "README.md"), report, file));
    if (!report.allValid) process.exitCode = 1;
  } finally {
    await dbCpu?.close().catch(() => undefined);
    for (const ch of children.reverse()) await ch.stop();
    await own?.drop().catch((e) => console.error(`could not drop the bench database: ${String(e)}`));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
