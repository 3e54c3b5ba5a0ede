import type { LoadResult } from "./load.js";

export interface Row {
  scenario: string;
  variant: "a" | "b" | "c" | "d";
  runs: LoadResult[];
  pdpPerRequest?: number;
  sqlPerRequest?: number;
}

const VARIANTS = { a: "hub (full enforcement)", b: "hub, enforcement off", c: "plain @apollo/gateway", d: "clinical subgraph direct" };
const median = (xs: number[]) => { const s = [...xs].sort((p, q) => p - q); return s.length ? s[Math.floor(s.length / 2)] : 0; };
const f1 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(1));
const f2 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "-" : n.toFixed(2));

/** Print the table (median over repetitions) and return the JSON report with ratios and targets. */
export function printReport(input: {
  settings: Record<string, number>; machine: Record<string, unknown>; rows: Row[];
  nPlusOne: { heavy: number; normal: number; heavyRecordsShown: number; normalRecordsShown: number };
  stale: { trials: number; staleReads: number; allowedBeforeRevoke: number }; rss: Record<string, number>;
}) {
  const summary = input.rows.map((r) => ({
    scenario: r.scenario, variant: r.variant, label: VARIANTS[r.variant],
    rps: median(r.runs.map((x) => x.rps)), p50: median(r.runs.map((x) => x.p50)), p95: median(r.runs.map((x) => x.p95)), p99: median(r.runs.map((x) => x.p99)),
    errors: r.runs.reduce((n, x) => n + x.errors + x.non2xx, 0), pdpPerRequest: r.pdpPerRequest, sqlPerRequest: r.sqlPerRequest, runs: r.runs,
  }));
  console.log(`\n${"scenario".padEnd(22)}${"variant".padEnd(28)}${"RPS".padStart(8)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}${"err".padStart(6)}${"PDP/req".padStart(9)}${"SQL/req".padStart(9)}`);
  for (const s of summary) {
    console.log(`${s.scenario.padEnd(22)}${s.label.padEnd(28)}${f1(s.rps).padStart(8)}${f1(s.p50).padStart(8)}${f1(s.p95).padStart(8)}${f1(s.p99).padStart(8)}${String(s.errors).padStart(6)}${f1(s.pdpPerRequest).padStart(9)}${f1(s.sqlPerRequest).padStart(9)}`);
  }
  const scenarios = [...new Set(summary.map((s) => s.scenario))];
  const ratios = scenarios.map((name) => {
    const rps = (v: string) => summary.find((s) => s.scenario === name && s.variant === v)?.rps;
    const a = rps("a") ?? NaN;
    return { scenario: name, a_b: a / (rps("b") ?? NaN), a_c: a / (rps("c") ?? NaN), a_d: rps("d") === undefined ? undefined : a / rps("d")! };
  });
  console.log(`\n${"scenario".padEnd(22)}${"a/b".padStart(8)}${"a/c".padStart(8)}${"a/d".padStart(8)}   (throughput ratios; targets a/b ≥ 0.95, a/c ≥ 1.0)`);
  for (const r of ratios) console.log(`${r.scenario.padEnd(22)}${f2(r.a_b).padStart(8)}${f2(r.a_c).padStart(8)}${f2(r.a_d).padStart(8)}`);
  const heavyPdp = summary.find((s) => s.scenario === "heavy-patient" && s.variant === "a")?.pdpPerRequest ?? NaN;
  const targets = {
    "every measured response 2xx (else the ratios are meaningless)": summary.every((s) => s.errors === 0),
    "a/b ≥ 0.95": ratios.every((r) => r.a_b >= 0.95),
    "a/c ≥ 1.0": ratios.every((r) => r.a_c >= 1.0),
    "heavy patient PDP evaluations ≤ 50 per request": heavyPdp <= 50,
    "no N+1: SQL per request equal for heavy and ordinary patient": Math.abs(input.nPlusOne.heavy - input.nPlusOne.normal) < 0.5,
    "0 stale reads after revoke": input.stale.staleReads === 0,
  };
  console.log(`\nheavy patient: ${f1(heavyPdp)} PDP evaluations per request`);
  console.log(`SQL per request, same query: heavy patient ${f1(input.nPlusOne.heavy)} (${input.nPlusOne.heavyRecordsShown} records shown), ordinary patient ${f1(input.nPlusOne.normal)} (${input.nPlusOne.normalRecordsShown} shown)`);
  console.log(`consent revoke: ${input.stale.staleReads} stale reads in ${input.stale.trials} trials (${input.stale.allowedBeforeRevoke} reads allowed before revoking)`);
  console.log(`RSS: ${Object.entries(input.rss).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)} MiB`).join(", ")}`);
  console.log("\ntargets:");
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v ? "met " : "MISS"}  ${k}`);
  return { date: new Date().toISOString(), machine: input.machine, settings: input.settings, results: summary, ratios, nPlusOne: input.nPlusOne, staleReads: input.stale, rssBytes: input.rss, targets };
}
