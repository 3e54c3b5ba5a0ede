import { describe, expect, it } from "vitest";
import { parsePrometheus } from "./prometheus.js";

describe("bench reader of /metrics", () => {
  it("sums a counter over its label sets and ignores comments", () => {
    const text = [
      "# HELP hub_policy_decisions_total PDP evaluations",
      "# TYPE hub_policy_decisions_total counter",
      'hub_policy_decisions_total{decision="allow",rule="consent"} 7',
      'hub_policy_decisions_total{decision="deny",rule="no-consent"} 3',
      "hub_sql_statements_total 42",
      'hub_http_request_duration_seconds_bucket{le="+Inf",route="POST /graphql"} 5',
    ].join("\n");
    const m = parsePrometheus(text);
    expect(m.get("hub_policy_decisions_total")).toBe(10);
    expect(m.get("hub_sql_statements_total")).toBe(42);
    expect(m.get("hub_http_request_duration_seconds_bucket")).toBe(5);
  });
});
