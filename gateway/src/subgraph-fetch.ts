import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** What the Apollo data source passes to its fetcher (a subset of RequestInit). */
interface Init { method?: string; headers?: Record<string, string>; body?: string }

const RESETS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);
/** A subgraph operation that only reads: the query planner writes `query …` or `{…}`; `mutation …` is never retried. */
const isQuery = (body: string | undefined) => body !== undefined && /^\{"query":"\s*(?:query\b|\{)/.test(body);

function headersOf(h: IncomingHttpHeaders): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out.push([k, Array.isArray(v) ? v.join(", ") : v]);
  return out;
}

/**
 * The gateway's fetcher for subgraph calls: Node's HTTP client on a keep-alive pool whose idle sockets close after
 * `idleMs` (shorter than the subgraphs' keep-alive timeout, so a pooled socket is never one the server is closing),
 * and a query (never a mutation) that meets a connection reset is sent once more on a fresh socket. Responses are
 * buffered (subgraph answers are JSON) into a WHATWG Response, which is all the data source reads.
 */
export function subgraphFetcher(idleMs: number) {
  const agent = new Agent({ keepAlive: true, timeout: idleMs, maxSockets: 512, maxFreeSockets: 512, scheduling: "lifo" });
  const tlsAgent = new HttpsAgent({ keepAlive: true, timeout: idleMs, maxSockets: 512, maxFreeSockets: 512, scheduling: "lifo" });
  const once = (url: string, init: Init) => new Promise<Response>((resolve, reject) => {
    const u = new URL(url);
    const tls = u.protocol === "https:";
    const req = (tls ? httpsRequest : httpRequest)(u, { method: init.method ?? "POST", headers: init.headers, agent: tls ? tlsAgent : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("error", reject);
      res.once("end", () => resolve(new Response(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), {
        status: res.statusCode ?? 502, statusText: res.statusMessage, headers: headersOf(res.headers),
      })));
    });
    req.once("error", reject);
    req.end(init.body);
  });
  return async (url: string, init: Init = {}): Promise<Response> => {
    try {
      return await once(url, init);
    } catch (e) {
      if (!RESETS.has(String((e as NodeJS.ErrnoException).code)) || !isQuery(init.body)) throw e;
      return once(url, init);
    }
  };
}
