import autocannon from "autocannon";

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/**
 * Drive one URL with autocannon for `seconds`; every response time is recorded here, so p95 is exact. Bodies are
 * produced per request (`body()`); the caller checks one response for correctness before measuring.
 */
export async function load(opts: { url: string; headers: Record<string, string>; body: () => string; seconds: number; connections: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((res, rej) => { done = res; fail = rej; });
  const instance = autocannon({
    url: opts.url,
    method: "POST",
    connections: opts.connections,
    duration: opts.seconds,
    headers: { "content-type": "application/json", ...opts.headers },
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: opts.body() }) }],
  }, (err, result) => (err ? fail(err) : done(result)));
  instance.on("response", (client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    void client;
  });
  const r = await finished;
  latencies.sort((a, b) => a - b);
  return {
    requests: r.requests.total, rps: r.requests.total / opts.seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    p99: percentile(latencies, 99), errors: r.errors + r.timeouts, non2xx: r.non2xx,
  };
}
