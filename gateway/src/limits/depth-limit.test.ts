import { describe, expect, it } from "vitest";
import { buildSchema, parse, validate } from "graphql";
import { depthLimit } from "./depth-limit.js";

const schema = buildSchema(`type Node { id: ID child: Node } type Query { root: Node }`);
const nested = (n: number) => `{ root ${"{ child ".repeat(n)}{ id }${" }".repeat(n)} }`;

describe("depthLimit", () => {
  it("accepts queries up to the limit and refuses deeper ones with BAD_USER_INPUT", () => {
    expect(validate(schema, parse(nested(3)), [depthLimit(5)])).toHaveLength(0);
    const errors = validate(schema, parse(nested(6)), [depthLimit(5)]);
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("follows fragments, so depth cannot hide behind them", () => {
    const q = `{ root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { child { child { id } } } }`;
    expect(validate(schema, parse(q), [depthLimit(4)])).toHaveLength(1);
    expect(validate(schema, parse(q), [depthLimit(6)])).toHaveLength(0);
  });
});
