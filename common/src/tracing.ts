import type { IncomingHttpHeaders } from "node:http";
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter, defaultTextMapSetter, trace,
  type Attributes, type Context, type Span, type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { config } from "./config.js";

/**
 * Traces (OpenTelemetry). W3C `traceparent`/`tracestate` (W3C Trace Context) are accepted on every request and
 * propagated on every gateway → subgraph call. Spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set, one tracer per service (`service.name` = hub-gateway, hub-clinical, …); otherwise nothing is recorded
 * and an incoming trace context still passes through unchanged. No global provider or context manager is
 * installed: the request's context travels explicitly (the gateway avoids async-context tracking on purpose).
 */
const propagator = new W3CTraceContextPropagator();
const providers = new Map<string, BasicTracerProvider>();
const noop = trace.getTracer("hub-noop");

function tracer(service: string): Tracer {
  const endpoint = config().otlpEndpoint;
  if (!endpoint) return noop;
  let provider = providers.get(service);
  if (!provider) {
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": `hub-${service}`, "service.namespace": "medical-exchange-hub" }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), { scheduledDelayMillis: 1000 })],
    });
    providers.set(service, provider);
  }
  return provider.getTracer("hub");
}

export interface StartedSpan {
  span: Span;
  /** Context holding the span, for children and propagation. */
  context: Context;
  /** The trace id when the span is part of a trace (recorded, or continuing the caller's `traceparent`). */
  traceId: string | undefined;
}

function started(span: Span, parent: Context): StartedSpan {
  const sc = span.spanContext();
  return { span, context: trace.setSpan(parent, span), traceId: trace.isSpanContextValid(sc) ? sc.traceId : undefined };
}

/** The server span of an incoming request, continuing the caller's `traceparent` when it sent one. */
export function startServerSpan(service: string, name: string, headers: IncomingHttpHeaders, attributes: Attributes): StartedSpan {
  const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  return started(tracer(service).startSpan(name, { kind: SpanKind.SERVER, attributes }, parent), parent);
}

/** A child span (a gateway → subgraph call). */
export function startChildSpan(service: string, name: string, parent: Context | undefined, kind: SpanKind, attributes: Attributes = {}): StartedSpan {
  const ctx = parent ?? ROOT_CONTEXT;
  return started(tracer(service).startSpan(name, { kind, attributes }, ctx), ctx);
}

/** Write `traceparent` (and `tracestate`) for the span in `context` into outgoing headers. */
export function injectTraceHeaders(context: Context | undefined, set: (name: string, value: string) => void): void {
  if (!context) return;
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  for (const [k, v] of Object.entries(carrier)) set(k, v);
}

export function endSpan(span: Span, status: number, attributes: Attributes = {}): void {
  span.setAttributes({ ...attributes, "http.response.status_code": status });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Flush and stop every exporter (on shutdown). */
export async function shutdownTracing(): Promise<void> {
  await Promise.all([...providers.values()].map((p) => p.shutdown().catch(() => undefined)));
  providers.clear();
}

export { SpanKind };
