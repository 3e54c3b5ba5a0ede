import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import {
  TINY_PNG, attachmentRules, buildClinsCollection, buildDischargeSummary, clinsLabResult, exampleBundles, r4Definitions, validateClinicalBundle, validateDocumentBundle,
} from "@hub/documents";

/**
 * `npm run bench:fhir`: what the two-stage FHIR check costs per Bundle at ingestion (issue #20: a 1 MiB discharge
 * summary must check in well under a second). Builds the Bundles with the project's builders, runs the checks that
 * registerDocument / submitClinicalInformation run (R4 validator, the hub's rules, attachments), reports the median of
 * 10 runs after 2 warm-ups. A few seconds, in this process, no database.
 */
const RUNS = 10, WARMUP = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name: string, bundle: Record<string, unknown>, check: (b: unknown) => { severity: string }[]): Record<string, unknown> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t = performance.now();
    const issues = check(bundle);
    const ms = performance.now() - t;
    if (issues.some((x) => x.severity === "error")) throw new Error(`${name} does not pass the checks: ${JSON.stringify(issues).slice(0, 500)}`);
    if (i >= WARMUP) times.push(ms);
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry.length : 0;
  return { bundle: name, bytes: Buffer.byteLength(JSON.stringify(bundle)), entries, medianMs: Number(median(times).toFixed(1)), maxMs: Number(Math.max(...times).toFixed(1)) };
}

/** A ~1 MiB discharge summary: a long hospital course and key images (PNG) of about 600 KB, as a hospital would send. */
function dischargeSummaryOf1MiB(): Record<string, unknown> {
  const image = (kb: number) => Buffer.concat([TINY_PNG, randomBytes(kb * 1024)]);
  return buildDischargeSummary({
    institution: "1310000002", institutionName: "みなと総合病院", insuredId: "06139992:ひ-12:3456:01", patientName: "北条 花子", birthDate: "1958-04-12",
    admittedOn: "2026-10-01", dischargedOn: "2026-10-21", diagnosisOnAdmission: "急性心内膜下梗塞",
    hospitalCourse: Array.from({ length: 1500 }, (_, d) => `第${d + 1}病日: バイタル安定、胸痛なし、心電図変化なし、リハビリ継続。`).join(""),
    attachments: [1, 2, 3].map((n) => ({ contentType: "image/png", data: image(215), title: `冠動脈造影 キー画像 ${n}` })),
  }) as unknown as Record<string, unknown>;
}

/** A ~1 MiB discharge summary that is all text: a 20-week hospital course written day by day (no images). */
function textDischargeSummaryOf1MiB(): Record<string, unknown> {
  const day = (d: number) => `第${d + 1}病日: 体温36.8度、血圧128/76、脈拍72、SpO2 98%。胸痛なし、呼吸困難なし。心電図変化なし。食事全量摂取。歩行リハビリ200m実施、自覚症状なし。内服継続、副作用なし。`;
  return buildDischargeSummary({
    institution: "1310000002", institutionName: "みなと総合病院", insuredId: "06139992:ひ-12:3456:01", patientName: "北条 花子", birthDate: "1958-04-12",
    admittedOn: "2026-06-01", dischargedOn: "2026-10-21", diagnosisOnAdmission: "急性心内膜下梗塞",
    hospitalCourse: Array.from({ length: 4500 }, (_, d) => day(d % 140)).join(""),
  }) as unknown as Record<string, unknown>;
}

/** A ~1 MiB JP_Bundle_CLINS collection of small lab results: the worst case, many resources in one Bundle. */
function labsOf1MiB(): Record<string, unknown> {
  const b = buildClinsCollection({
    institution: "1310000002", timestamp: "2026-10-21T10:00:00+09:00", tag: "Observation",
    patient: { institution: "1310000002", localId: "0001", insuredId: "06139992:ひ-12:3456:01", name: "北条 花子", birthDate: "1958-04-12", gender: "female" },
    resources: (patient) => Array.from({ length: 640 }, (_, i) => clinsLabResult({
      institution: "1310000002", department: { code: "01", display: "内科" }, patient, identifier: `LAB-${i}`, localCode: `L${i}`, jlac10: "3D046000001920402",
      text: "HbA1c", effective: "2026-10-20T09:00:00+09:00", value: { number: 6 + (i % 30) / 10, unit: "%" }, performer: "検査部",
    })),
  });
  return b as unknown as Record<string, unknown>;
}

const t0 = performance.now();
r4Definitions();
const load = performance.now() - t0;
const document = (b: unknown) => { const issues = validateDocumentBundle(b); return issues.some((i) => i.severity === "error") ? issues : [...issues, ...attachmentRules(b as Record<string, unknown>, 1024 * 1024)]; };
const rows = [
  measure("referral example (subgraphs/documents/examples)", exampleBundles()["referral-57133-1"] as unknown as Record<string, unknown>, document),
  measure("discharge summary, 1 MiB (3 key images)", dischargeSummaryOf1MiB(), document),
  measure("discharge summary, 1 MiB of text", textDischargeSummaryOf1MiB(), document),
  measure("JP_Bundle_CLINS, 1 MiB (640 lab results)", labsOf1MiB(), validateClinicalBundle),
];
console.log(`FHIR R4 definitions loaded once in ${load.toFixed(0)} ms; checks per Bundle (median of ${RUNS}, ms):`);
console.table(rows);
console.log(JSON.stringify({ fhirChecks: { definitionsLoadMs: Math.round(load), rows } }));
