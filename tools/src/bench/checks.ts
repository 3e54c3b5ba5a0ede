import { DEV_JWT_SECRET } from "@hub/common";
import { signDevToken } from "../token-sign.js";
import { scrapeCounters } from "./prometheus.js";

/** One GraphQL request as a bearer-token caller (bench setup and checks, not the measured load). */
export async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify({ query, variables }) });
  return (await r.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * PDP evaluations and SQL statements per request (counted by the subgraphs' own metrics) for the same query on each
 * patient: the seal patients must cost the same PDP evaluations, the 10- and 5,000-record patients the same SQL.
 */
export async function perRequestCounts(url: string, token: string, metricsUrl: string, patients: string[]): Promise<Record<string, { pdp: number; sql: number; shown: number }>> {
  const q = (id: string) => `{ patient(id: "${id}") { conditions(first: 100) { nodes { id sourceOrganization { id name } } } labResults(first: 100) { nodes { id } } prescriptions(first: 100) { nodes { id } } allergies(first: 100) { nodes { id } } } }`;
  const out: Record<string, { pdp: number; sql: number; shown: number }> = {};
  for (const id of patients) {
    await gql(url, token, q(id));
    const before = await scrapeCounters(metricsUrl);
    let shown = 0;
    for (let i = 0; i < 20; i++) {
      const r = await gql(url, token, q(id));
      if (r.errors) throw new Error(`${id}: ${r.errors[0].message}`);
      shown = Object.values(r.data.patient as Record<string, { nodes: unknown[] }>).reduce((n, c) => n + c.nodes.length, 0);
    }
    const after = await scrapeCounters(metricsUrl);
    out[id] = { pdp: (after.pdpEvaluations - before.pdpEvaluations) / 20, sql: (after.sqlQueries - before.sqlQueries) / 20, shown };
  }
  return out;
}

/** Grant → read → revoke → read, `trials` times: any read allowed after the revoke is a stale read. */
export async function revokeTrials(url: string, trials: number, patientId: string): Promise<{ trials: number; staleReads: number; allowedBeforeRevoke: number }> {
  const patient = await signDevToken({ role: "patient", sub: patientId, patientId }, DEV_JWT_SECRET);
  const doctor = await signDevToken({ role: "doctor", sub: "D-005", org: "1310000005" }, DEV_JWT_SECRET);
  const read = `{ patient(id: "${patientId}") { conditions(first: 1) { nodes { id } } } }`;
  let stale = 0;
  let allowed = 0;
  for (let i = 0; i < trials; i++) {
    const g = await gql(url, patient, `mutation { grantConsent(input: { organizationId: "1310000005", categories: [CONDITION] }) { id } }`);
    const id = g.data.grantConsent.id as string;
    if ((await gql(url, doctor, read)).data?.patient?.conditions) allowed++;
    await gql(url, patient, `mutation { revokeConsent(id: "${id}") { status } }`);
    if ((await gql(url, doctor, read)).data?.patient?.conditions) stale++;
  }
  return { trials, staleReads: stale, allowedBeforeRevoke: allowed };
}
