import pg from "pg";

/** Process-wide counters, read by `GET /metrics` (bench and operations). */
export const counters = {
  sqlQueries: 0,
  graphqlRequests: 0,
  pdpEvaluations: 0,
};

let patched = false;
/** Count every SQL statement sent through `pg` (TypeORM included). */
export function countSqlQueries(): void {
  if (patched) return;
  patched = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    counters.sqlQueries++;
    return original.apply(this, args);
  };
}

export function metricsSnapshot(): Record<string, number> {
  const m = process.memoryUsage();
  return { ...counters, rssBytes: m.rss, heapUsedBytes: m.heapUsed };
}
