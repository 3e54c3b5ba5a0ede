import { as } from "../support/client.js";

/** One request of the mixed load and what came back. */
export interface Sent {
  status: number;
  requestId: string | null;
  /** GraphQL error codes (a 200 with `errors` is a failure too). */
  codes: string[];
  /** Patient data was returned (so an access event must be audited under the request id). */
  patientData: boolean;
  ms: number;
  /** Transport failure (connection refused, reset, aborted after the limit). */
  failed?: string;
}

interface Step { token: () => Promise<string>; query: string }

/**
 * What the hub serves all day: a hospital doctor reads a summary, the document list and prescriptions; a nurse
 * reads lab results; the patient reads her own record. Every step returns patient data.
 */
export async function mixedLoad(): Promise<Step[]> {
  const [doctor, nurse, patient] = await Promise.all([as.doctorB(), as.nurseB(), as.patient("P-0001")]);
  const t = (x: string) => async () => x;
  return [
    { token: t(doctor), query: `{ patient(id: "P-0001") { name conditions(first: 20) { nodes { id display } } allergies { nodes { id } } } }` },
    { token: t(doctor), query: `{ patient(id: "P-0001") { documents { nodes { id type status } } } }` },
    { token: t(doctor), query: `{ patient(id: "P-0001") { prescriptions(first: 20) { nodes { id } } } }` },
    { token: t(nurse), query: `{ patient(id: "P-0001") { labResults(first: 20) { nodes { id set } } } }` },
    { token: t(patient), query: `{ patient(id: "P-0001") { name conditions { nodes { id } } } }` },
  ];
}

/** POST one operation; never hangs (aborted after `limitMs`, reported as a failure). */
export async function send(url: string, token: string, query: string, variables?: Record<string, unknown>, limitMs = 30_000): Promise<Sent & { body?: any }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST", signal: AbortSignal.timeout(limitMs),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: any;
    try { body = JSON.parse(text); } catch { body = { errors: [{ message: text.slice(0, 200), extensions: { code: "NOT_JSON" } }] }; }
    const codes = (body.errors ?? []).map((e: any) => String(e.extensions?.code));
    const requestId = body.extensions?.requestId ?? res.headers.get("x-request-id");
    const patientData = !!body.data?.patient;
    return { status: res.status, requestId, codes, patientData, ms: performance.now() - t0, body, retryAfter: res.headers.get("retry-after") } as Sent & { body: any };
  } catch (e) {
    return { status: 0, requestId: null, codes: [], patientData: false, ms: performance.now() - t0, failed: (e as Error).message };
  }
}

/** `total` requests of the mixed load, `concurrency` at a time, through `url`. */
export async function runLoad(url: string, total: number, concurrency: number): Promise<{ results: Sent[]; seconds: number }> {
  const steps = await mixedLoad();
  const tokens = await Promise.all(steps.map((s) => s.token()));
  const results: Sent[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < total; i = next++) results.push(await send(url, tokens[i % steps.length], steps[i % steps.length].query));
  }));
  return { results, seconds: (performance.now() - t0) / 1000 };
}

/** A load that runs until stopped (failover): returns everything it sent. */
export function backgroundLoad(url: string, concurrency: number): { sofar(): (Sent & { at: number })[]; stop(): Promise<(Sent & { at: number; retryAfter?: string | null })[]> } {
  let stopped = false;
  const results: (Sent & { at: number })[] = [];
  const work = (async () => {
    const steps = await mixedLoad();
    const tokens = await Promise.all(steps.map((s) => s.token()));
    let i = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (!stopped) {
        const k = i++;
        const at = Date.now();
        results.push({ ...(await send(url, tokens[k % steps.length], steps[k % steps.length].query)), at });
      }
    }));
  })();
  return { sofar: () => results, async stop() { stopped = true; await work; return results; } };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A short, readable summary of failures (for assertion messages). */
export function brief(rs: Sent[]): string {
  const bad = rs.filter((r) => r.failed || r.status !== 200 || r.codes.length);
  return JSON.stringify(bad.slice(0, 5).map((r) => ({ status: r.status, codes: r.codes, failed: r.failed, body: (r as any).body?.errors?.[0]?.message })));
}
