import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, gql } from "./support/client.js";
import { waitFor } from "./support/wait.js";

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes: { key: string; value: { stringValue?: string } }[] }
interface ReceivedSpan extends OtlpSpan { service: string }

/** A tiny OTLP/HTTP (JSON) trace collector: what an operator's collector would receive. */
function collector(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => { body += c.toString(); });
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        const parsed = JSON.parse(body) as { resourceSpans: { resource: { attributes: OtlpSpan["attributes"] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of parsed.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "";
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, spans, server })));
}

const until = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> => waitFor(what, probe);

const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value.stringValue;

describe("an operator correlates a response with its log line, metrics and trace", () => {
  let hub: StartedHub;
  let otlp: Awaited<ReturnType<typeof collector>>;
  beforeAll(async () => {
    otlp = await collector();
    hub = await startHubProcess("pglite", { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, LOG_LEVEL: "info", TRUST_PROXY: "true" });
  });
  afterAll(async () => {
    await hub?.stop();
    otlp?.server.close();
  });

  it("the requestId of a response is in the request's log lines, /metrics counted its operation, and its spans arrived over OTLP", async () => {
    const traceId = randomBytes(16).toString("hex");
    const callerSpan = randomBytes(8).toString("hex");
    const r = await gql<any>(`query OperatorCheck($id: ID!) { patient(id: $id) { name conditions(first: 1) { nodes { display } } } }`, {
      url: hub.urls.gateway, token: await as.doctorB(), variables: { id: "P-0001" },
      headers: { traceparent: `00-${traceId}-${callerSpan}-01`, "x-forwarded-for": "198.51.100.20, 203.0.113.9" },
    });
    expect(r.data.patient.name).toBe("北条 花子");
    const requestId = r.extensions!.requestId!;

    // Log: one line per service that handled it, all under the gateway's request id and the caller's trace id.
    const lines = await until("the request's log lines", () => {
      const mine = hub.output().split("\n").filter((l) => l.includes(requestId)).map((l) => JSON.parse(l) as Record<string, any>);
      return mine.some((l) => l.service === "gateway") && mine.some((l) => l.service === "clinical") ? mine : undefined;
    });
    const gatewayLine = lines.find((l) => l.service === "gateway")!;
    expect(gatewayLine).toMatchObject({
      msg: "request completed", requestId, traceId, operation: "OperatorCheck", role: "doctor", org: "1310000002",
      clientAddress: "203.0.113.9", req: { method: "POST", path: "/graphql" }, res: { statusCode: 200 },
    });
    expect(typeof gatewayLine.responseTime).toBe("number");
    expect(lines.find((l) => l.service === "clinical")).toMatchObject({ requestId, traceId, role: "doctor", clientAddress: "203.0.113.9" });
    // Never patient data, variables or tokens in a request log line (the start banner names the demo identities).
    const requestLines = hub.output().split("\n").filter((l) => l.includes('"request completed"'));
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const l of requestLines) expect(l).not.toMatch(/北条|P-0001|authorization|Bearer|variables/i);

    // Audit: the read's events are under the same request id, with the client address.
    const pg = (await import("pg")).default;
    const c = new pg.Client({ connectionString: hub.urls.databaseUrl });
    await c.connect();
    const audited = (await c.query(`SELECT category, detail->>'clientAddress' AS address FROM consent.audit_events WHERE request_id = $1`, [requestId])).rows;
    await c.end();
    expect(audited.length).toBeGreaterThan(0);
    expect(audited.every((e) => e.address === "203.0.113.9")).toBe(true);

    // Metrics: Prometheus text on the gateway and every subgraph; the gateway counted this operation once.
    const scrape = async (url: string) => {
      const res = await fetch(url.replace(/\/graphql$/, "/metrics"));
      expect(res.headers.get("content-type")).toContain("text/plain");
      return res.text();
    };
    const gw = await scrape(hub.urls.gateway);
    expect(gw).toContain('hub_http_request_duration_seconds_count{service="gateway",route="POST /graphql",operation="OperatorCheck",status="200"} 1');
    expect(gw).toMatch(/^hub_policy_decisions_total\{decision="allow",rule="consent"\} [1-9]/m);
    expect(gw).toMatch(/^hub_audit_write_duration_seconds_count\{service="clinical",outcome="ok"\} [1-9]/m);
    expect(gw).toMatch(/^hub_db_pool_connections\{pool="gateway",state="total"\} \d+/m);
    for (const [name, url] of Object.entries(hub.urls.subgraphs)) {
      expect(await scrape(url), name).toMatch(new RegExp(`^hub_db_pool_connections\\{pool="${name}",state="idle"\\} \\d+`, "m"));
    }

    // Trace: the gateway's server span continues the caller's trace and names the request; the subgraph's span is its grandchild.
    const spans = await until("the request's spans", () => {
      const mine = otlp.spans.filter((s) => s.traceId === traceId);
      return mine.some((s) => s.service === "hub-clinical") && mine.some((s) => s.service === "hub-gateway" && s.parentSpanId === callerSpan) ? mine : undefined;
    });
    const server = spans.find((s) => s.service === "hub-gateway" && s.parentSpanId === callerSpan)!;
    expect(attr(server, "hub.request_id")).toBe(requestId);
    expect(attr(server, "graphql.operation.name")).toBe("OperatorCheck");
    const call = spans.find((s) => s.service === "hub-gateway" && s.parentSpanId === server.spanId && s.name === "subgraph clinical")!;
    const clinical = spans.find((s) => s.service === "hub-clinical")!;
    expect(clinical.parentSpanId).toBe(call.spanId);
    expect(attr(clinical, "hub.request_id")).toBe(requestId);
  });

  it("a summary over four subgraphs reads the patient's policy attributes once, not once per subgraph call", async () => {
    const reads = async () => Number((await (await fetch(hub.urls.gateway.replace(/\/graphql$/, "/metrics"))).text()).match(/^hub_policy_attribute_reads_total (\d+)/m)?.[1]);
    const before = await reads();
    const r = await gql<any>(`query Summary($id: ID!) { patient(id: $id) { name conditions { nodes { display } } documents { nodes { type } }
      eligibility { insurerNumber } vitals(first: 1) { nodes { kind } } } }`, { url: hub.urls.gateway, token: await as.doctorB(), variables: { id: "P-0001" } });
    expect(r.errors).toBeUndefined();
    expect(r.data.patient.documents.nodes.length).toBeGreaterThan(0);
    expect(r.data.patient.eligibility.insurerNumber).toBe("06139992");
    expect(r.data.patient.vitals.nodes).toHaveLength(1);
    const requestId = r.extensions!.requestId!;
    // the four subgraphs each served a call of this request (their log lines) ...
    await until("the subgraph calls' log lines", () => {
      const s = new Set(hub.output().split("\n").filter((l) => l.includes(requestId) && l.includes('"request completed"')).map((l) => String((JSON.parse(l) as { service: string }).service)));
      return ["clinical", "documents", "eligibility", "phr"].every((x) => s.has(x)) ? s : undefined;
    });
    // ... and this process read the attributes once for all of them (nothing else runs against this hub)
    expect(await reads()).toBe(before + 1);
  });
});
