import { describe, expect, it } from "vitest";
import { buildSchema, parse, validate } from "graphql";
import { RateLimitedError } from "@hub/common";
import { aliasLimit } from "./alias-limit.js";
import { costLimit } from "./cost-limit.js";
import { RateLimiter } from "./rate-limit.js";

const schema = buildSchema(`
  type Item { id: ID name: String }
  type ItemConnection { nodes: [Item!]! }
  type Patient { id: ID items(first: Int = 50): ItemConnection tags: [String] }
  type Query { patient(id: ID!): Patient patients: [Patient] }
`);

describe("alias limit", () => {
  it("refuses more aliases than allowed", () => {
    const q = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: patient(id: "${i}") { id }`).join(" ")} }`;
    expect(validate(schema, parse(q(5)), [aliasLimit(5)])).toHaveLength(0);
    const errors = validate(schema, parse(q(6)), [aliasLimit(5)]);
    expect(errors.map((e) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("cost limit", () => {
  it("multiplies by page sizes and list defaults, once per connection", () => {
    const cheap = `{ patient(id: "1") { items(first: 10) { nodes { id name } } } }`; // 1 + (1 + 10 × (1 + 2)) = 32
    expect(validate(schema, parse(cheap), [costLimit(32)])).toHaveLength(0);
    expect(validate(schema, parse(cheap), [costLimit(31)])).toHaveLength(1);
    const nested = `{ patients { items(first: 100) { nodes { id } } } }`; // 1 + 50 × (1 + 100 × 2)
    const [err] = validate(schema, parse(nested), [costLimit(5000)]);
    expect(err.extensions).toMatchObject({ code: "BAD_USER_INPUT", cost: 1 + 50 * (1 + 100 * 2) });
  });
});

describe("rate limiter", () => {
  it("allows the burst, refuses beyond it with RATE_LIMITED, and refills over time", () => {
    const r = new RateLimiter(10, 3);
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) r.take("a", t);
    expect(() => r.take("a", t)).toThrow(RateLimitedError);
    r.take("b", t); // per actor
    r.take("a", t + 100); // 100 ms at 10/s refills one
    expect(() => r.take("a", t + 100)).toThrow(RateLimitedError);
  });
});
