import pg from "pg";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DataSource } from "typeorm";

/**
 * Prometheus metrics of this process (prom-client), served as text at `GET /metrics` by the gateway and every
 * subgraph. When several services share one process (`npm start`), each `/metrics` shows the whole process and the
 * `service` label tells them apart. Labels are bounded: routes and rule names come from the code and the policy,
 * operation names are capped (see `operationLabel`), and no label ever carries a patient id or a variable.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const httpDuration = new Histogram({
  name: "hub_http_request_duration_seconds",
  help: "HTTP requests by service, route, GraphQL operation and status",
  labelNames: ["service", "route", "operation", "status"] as const,
  buckets: SECONDS,
  registers: [registry],
});

const sqlStatements = new Counter({ name: "hub_sql_statements_total", help: "SQL statements sent through pg (TypeORM included)", registers: [registry] });

const decisions = new Counter({
  name: "hub_policy_decisions_total",
  help: "PDP evaluations by outcome and deciding rule (consent ids folded into 'consent')",
  labelNames: ["decision", "rule"] as const,
  registers: [registry],
});

const attributeReads = new Counter({ name: "hub_policy_attribute_reads_total", help: "Reads of one patient's policy attributes (consents, seals, grants) from the database", registers: [registry] });

const sealChecks = new Counter({ name: "hub_seal_checks_total", help: "Seal-level checks (one seal tested against one record), counted with the PDP's evaluations by the bench", registers: [registry] });

const auditWrites = new Histogram({
  name: "hub_audit_write_duration_seconds",
  help: "Time to write a response's audit events before it leaves the subgraph (fail closed)",
  labelNames: ["service", "outcome"] as const,
  buckets: SECONDS,
  registers: [registry],
});

interface PgPool { totalCount: number; idleCount: number; waitingCount: number }
const pools = new Map<string, DataSource>();

new Gauge({
  name: "hub_db_pool_connections",
  help: "Database pool connections by pool and state (total, idle, waiting clients)",
  labelNames: ["pool", "state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [name, ds] of pools) {
      const pool = (ds.driver as unknown as { master?: PgPool }).master;
      if (!ds.isInitialized || !pool) continue;
      this.set({ pool: name, state: "total" }, pool.totalCount);
      this.set({ pool: name, state: "idle" }, pool.idleCount);
      this.set({ pool: name, state: "waiting" }, pool.waitingCount);
    }
  },
});

/** Report this DataSource's pg pool in `hub_db_pool_connections`. */
export function watchPool(name: string, ds: DataSource): void {
  pools.set(name, ds);
}

const OPERATION = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const MAX_OPERATIONS = 200;
const seenOperations = new Set<string>();

/**
 * Operation names are chosen by clients, so the label is bounded: well-formed names up to 200 distinct per process,
 * then "other"; unnamed operations are "anonymous".
 */
export function operationLabel(name: string | undefined): string {
  if (!name) return "";
  if (!OPERATION.test(name)) return "other";
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATIONS) return "other";
  seenOperations.add(name);
  return name;
}

export function observeHttpRequest(labels: { service: string; route: string; operation?: string; status: number }, seconds: number): void {
  httpDuration.observe({ service: labels.service, route: labels.route, operation: operationLabel(labels.operation), status: String(labels.status) }, seconds);
}

/** One PDP evaluation; a rule like `consent:C-0001` is counted as `consent` (no ids in labels). */
export function countDecision(allowed: boolean, rule: string): void {
  decisions.inc({ decision: allowed ? "allow" : "deny", rule: rule.split(":")[0] });
}

/** One read of one patient's policy attributes (once per gateway request per process, see `shared-state.ts`). */
export function countAttributeRead(): void {
  attributeReads.inc();
}

/** Seal-level checks: how many seals a record was tested against (indexed, so not growing with the patient's seals). */
export function countSealChecks(n: number): void {
  sealChecks.inc(n);
}

export function observeAuditWrite(service: string, ok: boolean, seconds: number): void {
  auditWrites.observe({ service, outcome: ok ? "ok" : "failed" }, seconds);
}

let patched = false;
/** Count every SQL statement sent through `pg` (TypeORM included). */
export function countSqlQueries(): void {
  if (patched) return;
  patched = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    sqlStatements.inc();
    return original.apply(this, args);
  };
}

/** The Prometheus text exposition of this process's metrics. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
