import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { LoadResult } from "./load.js";
import { VARIANTS, median, ratios, spread, valid, type Spread, type Variant } from "./rounds.js";

type Counts = Record<string, { pdp: number; sql: number; shown: number }>;
export interface ReportInput {
  settings: Record<string, number>; machine: Record<string, unknown>;
  scenarios: { name: string; description: string; variants: Variant[] }[];
  perRound: Record<string, Partial<Record<Variant, LoadResult>>[]>;
  counts: Record<string, { pdp: number; sql: number }[]>;
  seals: Counts; records: Counts;
  stale: { trials: number; staleReads: number; allowedBeforeRevoke: number }; rss: Record<string, number>;
}
type BaseReport = ReturnType<typeof summarise>;
export type Report = BaseReport & { targets: Record<string, boolean> };

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "FAIL");
const sp = (s: Spread, d = 2) => `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;

/** Medians of per-round ratios with their spread, per-variant medians, the targets; every round is kept. */
export function buildReport(input: ReportInput): Report {
  const base = summarise(input);
  return { ...base, targets: targetsOf(base) };
}

function summarise(input: ReportInput) {
  const scenarios = input.scenarios.map((s) => {
    const rounds = input.perRound[s.name] ?? [];
    const variants = Object.fromEntries(s.variants.map((v) => {
      const runs = rounds.map((r) => r[v]).filter((r): r is LoadResult => r !== undefined);
      return [v, {
        label: VARIANTS[v], rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)),
        failures: runs.reduce((n, r) => n + r.failures, 0), requests: runs.reduce((n, r) => n + r.requests, 0), allValid: runs.length === rounds.length && runs.every(valid),
        cpuMsPerRequest: {
          gateway: median(runs.map((r) => r.cpu?.gateway ?? NaN)), subgraphs: median(runs.map((r) => r.cpu?.subgraphs ?? NaN)),
          database: median(runs.map((r) => r.cpu?.database ?? NaN)),
        },
      }];
    })) as Record<Variant, { label: string; rps: number; p50: number; p95: number; failures: number; requests: number; allValid: boolean; cpuMsPerRequest: { gateway: number; subgraphs: number; database: number } }>;
    const has = (v: Variant) => s.variants.includes(v);
    const c = input.counts[s.name] ?? [];
    return {
      name: s.name, description: s.description, variants,
      ratios: {
        a_b: ratios(rounds, "a", "b"), a_c: has("c") ? ratios(rounds, "a", "c") : undefined, a_h: has("h") ? ratios(rounds, "a", "h") : undefined,
        a_d: has("d") ? ratios(rounds, "a", "d") : undefined, p95_a_b: ratios(rounds, "a", "b", "p95"),
      },
      pdpPerRequest: spread(c.map((x) => x.pdp)), sqlPerRequest: spread(c.map((x) => x.sql)), rounds,
    };
  });
  const allValid = scenarios.every((s) => Object.values(s.variants).every((v) => v.allValid));
  return {
    date: new Date().toISOString(), machine: input.machine, settings: input.settings, scenarios, seals: input.seals, records: input.records,
    staleReads: input.stale, rssBytes: input.rss, allValid,
  };
}

/** The issue's targets, from a report (so a stored results file regenerates them and the README table). */
export function targetsOf(r: BaseReport): Record<string, boolean> {
  const scenarios = r.scenarios;
  const by = (n: string) => scenarios.find((s) => s.name === n);
  const sealPdp = Object.values(r.seals).map((x) => x.pdp);
  const recordSql = Object.values(r.records).map((x) => x.sql);
  const atLeast = (s: Spread | undefined, t: number) => s !== undefined && Number.isFinite(s.median) && s.median >= t;
  return {
    "every run completed requests and every response succeeded (no non-2xx, socket error or GraphQL errors)": r.allValid,
    "a/b ≥ 0.85 on every scenario (median of per-round ratios)": scenarios.every((s) => atLeast(s.ratios.a_b, 0.85)),
    "a/b ≥ 0.95 on every scenario (aim)": scenarios.every((s) => atLeast(s.ratios.a_b, 0.95)),
    "hub ÷ plain Apollo ≥ 1.0 on the summary and the list": ["summary-4-subgraphs", "list-pagination"].every((n) => atLeast(by(n)?.ratios.a_c, 1)),
    "hub ÷ Hive Gateway ≥ 1.0 on the summary and the list": ["summary-4-subgraphs", "list-pagination"].every((n) => atLeast(by(n)?.ratios.a_h, 1)),
    "PDP evaluations per request equal for 1, 10 and 100 seals": sealPdp.length === 3 && Math.max(...sealPdp) - Math.min(...sealPdp) < 0.5,
    // per-process counters: a background statement (the emergency sweep) during the 20 requests shows as ±0.1
    "SQL statements per request flat from 10 to 5,000 records (within 0.5)": recordSql.length === 2 && Math.abs(recordSql[0] - recordSql[1]) < 0.5,
    "emergency summary p95 ≤ 1.2 × the unenforced hub's": (by("emergency-summary")?.ratios.p95_a_b.median ?? Infinity) <= 1.2,
    "0 stale reads after revoke": r.staleReads.staleReads === 0,
  };
}


export function printReport(r: Report): void {
  console.log(`\n${"scenario".padEnd(22)}${"variant".padEnd(28)}${"RPS".padStart(8)}${"p50".padStart(8)}${"p95".padStart(8)}${"failed".padStart(8)}`);
  for (const s of r.scenarios) {
    for (const [, v] of Object.entries(s.variants)) console.log(`${s.name.padEnd(22)}${v.label.padEnd(28)}${f(v.rps, 1).padStart(8)}${f(v.p50, 1).padStart(8)}${f(v.p95, 1).padStart(8)}${String(v.failures).padStart(8)}`);
  }
  console.log(`\nmedian of per-round ratios (min–max over ${r.settings.rounds} rounds):`);
  for (const s of r.scenarios) {
    const x = s.ratios;
    console.log(`  ${s.name.padEnd(22)} a/b ${sp(x.a_b)}  a/c ${x.a_c ? sp(x.a_c) : "-"}  a/h ${x.a_h ? sp(x.a_h) : "-"}  a/d ${x.a_d ? sp(x.a_d) : "-"}  p95 a/b ${sp(x.p95_a_b)}  PDP/req ${f(s.pdpPerRequest.median, 1)}  SQL/req ${f(s.sqlPerRequest.median, 1)}`);
  }
  console.log("\nCPU ms per request (median over rounds): gateway + subgraph process + database = total");
  for (const s of r.scenarios) console.log(`  ${s.name.padEnd(22)} ${cpuLine(s.variants)}`);
  console.log(`PDP per request by seals: ${Object.entries(r.seals).map(([k, v]) => `${k} ${f(v.pdp, 1)}`).join(", ")}`);
  console.log(`SQL per request by records: ${Object.entries(r.records).map(([k, v]) => `${k} ${f(v.sql, 1)} (${v.shown} shown)`).join(", ")}`);
  console.log(`consent revoke: ${r.staleReads.staleReads} stale reads in ${r.staleReads.trials} trials`);
  console.log(`RSS: ${Object.entries(r.rssBytes).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)} MiB`).join(", ")}`);
  console.log("\ntargets:");
  for (const [k, v] of Object.entries(r.targets)) console.log(`  ${v ? "met " : "MISS"}  ${k}`);
}

/** Other work shared the cores when the 1-minute load average before the run was at least the number of cores. */
function sharedCores(machine: Record<string, unknown>): boolean {
  const before = machine.loadAverageBefore as number[] | undefined;
  return (before?.[0] ?? 0) >= Number(machine.cpus ?? 1);
}

/** `a 1.2+3.4+0.8=5.4  b …`: where each variant's CPU per request goes (the gateway is absent for d). */
function cpuLine(variants: Report["scenarios"][number]["variants"]): string {
  return Object.entries(variants).map(([k, v]) => {
    const c = v.cpuMsPerRequest;
    if (!c) return `${k} -`; // a results file from before CPU was measured
    return `${k} ${f(c.gateway, 1)}+${f(c.subgraphs, 1)}+${f(c.database, 1)}=${f(c.gateway + c.subgraphs + c.database, 1)}`;
  }).join("  ");
}

/** The README's bench table (between its markers), regenerated from a results file. */
export function readmeTable(r: Report, file: string): string {
  const lines = [
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC, \`bench/results/${basename(file)}\`: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.database}, Node ${r.machine.node}, load average ${(r.machine.loadAverageBefore as number[]).map((x) => x.toFixed(1)).join("/")} before and ${((r.machine.loadAverageAfter as number[] | undefined) ?? []).map((x) => x.toFixed(1)).join("/")} after${sharedCores(r.machine) ? " (other work shared the cores)" : ""}; ${r.settings.rounds} rounds × ${r.settings.seconds} s per variant, ${r.settings.connections} connections. Throughput ratios are medians of per-round ratios (min–max).`,
    "",
    "| scenario | a/b (enforced ÷ unenforced) | hub ÷ plain Apollo | hub ÷ Hive | hub ÷ subgraph direct | p95 a/b | RPS a / b / Apollo / Hive | PDP/req | SQL/req |",
    "|---|---|---|---|---|---|---|---|---|",
    ...r.scenarios.map((s) => `| ${s.name} | ${sp(s.ratios.a_b)} | ${s.ratios.a_c ? sp(s.ratios.a_c) : "-"} | ${s.ratios.a_h ? sp(s.ratios.a_h) : "-"} | ${s.ratios.a_d ? sp(s.ratios.a_d) : "-"} | ${sp(s.ratios.p95_a_b)} | ${(["a", "b", "c", "h"] as Variant[]).map((v) => f(s.variants[v]?.rps ?? NaN, 0)).join(" / ")} | ${f(s.pdpPerRequest.median, 1)} | ${f(s.sqlPerRequest.median, 1)} |`),
    "",
    `CPU ms per request (gateway + subgraph process + database = total, median over rounds): ${r.scenarios.map((s) => `${s.name}: ${cpuLine(s.variants)}`).join("; ")}.`,
    "",
    `PDP evaluations per request by seals: ${Object.entries(r.seals).map(([k, v]) => `${k} → ${f(v.pdp, 1)}`).join(", ")}. SQL statements per request by records: ${Object.entries(r.records).map(([k, v]) => `${k} → ${f(v.sql, 1)}`).join(", ")}. Stale reads after revoke: ${r.staleReads.staleReads} in ${r.staleReads.trials}. RSS MiB: ${Object.entries(r.rssBytes).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(", ")}.`,
    "",
    "Targets: " + Object.entries(r.targets).map(([k, v]) => `${v ? "met" : "**missed**"}: ${k}`).join("; ") + ".",
  ];
  return lines.join("\n");
}

const START = "<!-- bench:start (generated by npm run bench from bench/results) -->";
const END = "<!-- bench:end -->";
export function writeReadmeTable(readme: string, r: Report, file: string): string {
  const text = readFileSync(readme, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return "README has no bench markers: table not written";
  writeFileSync(readme, text.slice(0, a + START.length) + "\n" + readmeTable(r, file) + "\n" + text.slice(b));
  return "README bench table regenerated";
}
