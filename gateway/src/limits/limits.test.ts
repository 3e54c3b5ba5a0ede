import { describe, expect, it } from "vitest";
import { buildSchema, getIntrospectionQuery, parse, validate, type OperationDefinitionNode } from "graphql";
import { RateLimitedError, loadConfig } from "@hub/common";
import { armorLimits } from "./armor.js";
import { operationCost } from "./connection-cost.js";
import { RateLimiter } from "./rate-limit.js";

const schema = buildSchema(`
  type Item { id: ID name: String child: Item }
  type ItemConnection { nodes: [Item!]! }
  type Patient { id: ID items(first: Int = 50): ItemConnection tags: [String] node: Item }
  type Query { patient(id: ID!): Patient patients: [Patient] }
`);
const rules = (env: Record<string, string> = {}) => armorLimits(loadConfig({ MAX_QUERY_DEPTH: "5", MAX_ALIASES: "5", MAX_DIRECTIVES: "3", ...env })).validationRules;
const cost = (q: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(q);
  return operationCost(schema, doc, doc.definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode, variables);
};

describe("graphql-armor limits", () => {
  it("refuses more aliases than allowed with BAD_USER_INPUT", () => {
    const q = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: patient(id: "${i}") { id }`).join(" ")} }`;
    expect(validate(schema, parse(q(5)), rules())).toHaveLength(0);
    const errors = validate(schema, parse(q(6)), rules());
    expect(errors.map((e) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
    expect(errors[0].message).toMatch(/Aliases limit of 5 exceeded, found 6/);
  });

  it("refuses deeper queries, also when the depth hides behind fragments", () => {
    const nested = (n: number) => `{ patient(id: "1") { node ${"{ child ".repeat(n)}{ id }${" }".repeat(n)} } }`;
    expect(validate(schema, parse(nested(1)), rules())).toHaveLength(0);
    expect(validate(schema, parse(nested(4)), rules()).map((e) => e.message)).toEqual([expect.stringMatching(/Query depth limit of 5 exceeded/)]);
    const viaFragments = `{ patient(id: "1") { node { ...A } } } fragment A on Item { child { ...B } } fragment B on Item { child { child { id } } }`;
    expect(validate(schema, parse(viaFragments), rules())).toHaveLength(1);
  });

  it("refuses too many directives", () => {
    const q = `query($t: Boolean!) { patient(id: "1") { id @include(if: $t) name: id @include(if: $t) x: id @skip(if: $t) y: id @skip(if: $t) } }`;
    expect(validate(schema, parse(q), rules()).map((e) => e.message)).toEqual([expect.stringMatching(/Directives limit of 3 exceeded, found 4/)]);
  });

  it("lets the standard introspection query through whatever the depth limit (the IDE and codegen need it)", () => {
    expect(validate(schema, parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })), rules({ MAX_QUERY_DEPTH: "2" }))).toHaveLength(0);
    expect(cost(getIntrospectionQuery())).toBeLessThan(100);
  });

  it("limits lexical tokens in the parser (graphql-js maxTokens)", () => {
    const { parseOptions } = armorLimits(loadConfig({ MAX_QUERY_TOKENS: "100" }));
    expect(() => parse(`{ ${"patient(id: \"1\") { id } ".repeat(20)} }`, parseOptions)).toThrow(/contains more that 100 tokens/);
  });
});

describe("connection-aware cost", () => {
  it("multiplies by page sizes and list defaults, once per connection", () => {
    expect(cost(`{ patient(id: "1") { items(first: 10) { nodes { id name } } } }`)).toBe(1 + (1 + 10 * (1 + 2)));
    expect(cost(`{ patients { items(first: 100) { nodes { id } } } }`)).toBe(1 + 50 * (1 + 100 * 2));
    expect(cost(`{ patient(id: "1") { items { nodes { id } } } }`)).toBe(1 + (1 + 50 * 2)); // the field's default page
  });

  it("counts `first: $n` by the variable's value, as if written literally (the defect of #25)", () => {
    const literal = cost(`{ a: patient(id: "1") { items(first: 100) { nodes { id name } } } b: patient(id: "2") { items(first: 100) { nodes { id name } } } }`);
    const variable = cost(`query($n: Int) { a: patient(id: "1") { items(first: $n) { nodes { id name } } } b: patient(id: "2") { items(first: $n) { nodes { id name } } } }`, { n: 100 });
    expect(variable).toBe(literal);
    expect(cost(`query($n: Int = 100) { patient(id: "1") { items(first: $n) { nodes { id } } } }`)).toBe(1 + (1 + 100 * 2)); // the variable's default
    expect(cost(`query($n: Int) { patient(id: "1") { items(first: $n) { nodes { id } } } }`, { n: 3 })).toBe(1 + (1 + 3 * 2));
  });

  it("follows fragments and inline fragments", () => {
    expect(cost(`query($n: Int) { patient(id: "1") { ...P } } fragment P on Patient { ... on Patient { items(first: $n) { nodes { id } } } }`, { n: 20 })).toBe(1 + (1 + 20 * 2));
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
