import autocannon from "autocannon";
import type { CpuPerRequest } from "./cpu.js";

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx responses whose GraphQL body carries `errors` (a refusal, or the fail-closed audit error): failures too. */
  graphqlErrors: number;
  /** Every kind of failure; a run with any, or with no request at all, does not count. */
  failures: number;
  /** CPU ms per completed request of the variant's gateway, subgraph process and database (see cpu.ts). */
  cpu?: CpuPerRequest;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** One request: its body and any per-request headers (a context signed for this very body). */
export interface BenchRequest { body: string; headers?: Record<string, string> }

/**
 * Drive one URL with autocannon for `seconds`; every response time is recorded here, so p95 is exact. Requests are
 * produced per request (`request()`), and every response body is checked: a 2xx with GraphQL `errors` is a failure.
 */
export async function load(opts: { url: string; headers: Record<string, string>; request: () => BenchRequest; seconds: number; connections: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((res, rej) => { done = res; fail = rej; });
  const instance = autocannon({
    url: opts.url,
    method: "POST",
    connections: opts.connections,
    duration: opts.seconds,
    headers: { "content-type": "application/json", ...opts.headers },
    requests: [{
      setupRequest: (req: autocannon.Request) => {
        const r = opts.request();
        return { ...req, body: r.body, headers: r.headers ? { ...req.headers, ...r.headers } : req.headers };
      },
      onResponse: (status: number, body: string) => {
        if (status >= 200 && status < 300 && (body === undefined || body.includes(`"errors":`))) graphqlErrors += 1;
      },
    } as autocannon.Request],
  }, (err, result) => (err ? fail(err) : done(result)));
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => { latencies.push(responseTime); });
  const r = await finished;
  latencies.sort((a, b) => a - b);
  const errors = r.errors + r.timeouts;
  return {
    requests: r.requests.total, rps: r.requests.total / opts.seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    p99: percentile(latencies, 99), errors, non2xx: r.non2xx, graphqlErrors, failures: errors + r.non2xx + graphqlErrors,
  };
}
