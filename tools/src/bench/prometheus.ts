/**
 * Read a Prometheus text exposition (`GET /metrics`) and sum each metric over its label sets: the bench needs
 * process totals (PDP evaluations, SQL statements) before and after a measured run.
 */
export function parsePrometheus(text: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/);
    if (!m) continue;
    const value = Number(m[3]);
    if (Number.isFinite(value)) totals.set(m[1], (totals.get(m[1]) ?? 0) + value);
  }
  return totals;
}

/** The process counters the bench reports per request. */
export async function scrapeCounters(metricsUrl: string): Promise<{ pdpEvaluations: number; sqlQueries: number }> {
  const res = await fetch(metricsUrl);
  if (!res.ok) throw new Error(`GET ${metricsUrl}: ${res.status}`);
  const m = parsePrometheus(await res.text());
  // PDP evaluations count seal-level checks too: a decision that tests 100 seals is not one evaluation.
  return { pdpEvaluations: (m.get("hub_policy_decisions_total") ?? 0) + (m.get("hub_seal_checks_total") ?? 0), sqlQueries: m.get("hub_sql_statements_total") ?? 0 };
}
