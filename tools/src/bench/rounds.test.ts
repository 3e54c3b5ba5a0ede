import { describe, expect, it } from "vitest";
import type { LoadResult } from "./load.js";
import { median, ratios, rotated, spread } from "./rounds.js";

const run = (rps: number, extra: Partial<LoadResult> = {}): LoadResult => ({ requests: rps * 3, rps, p50: 1, p95: 2, p99: 3, errors: 0, non2xx: 0, graphqlErrors: 0, failures: 0, ...extra });

describe("bench statistics", () => {
  it("a true median (not the maximum of two), and rotation visits every order position", () => {
    expect(median([1, 100])).toBe(50.5);
    expect(median([5, 1, 3])).toBe(3);
    expect([0, 1, 2].map((r) => rotated(["a", "b", "c"], r)[0])).toEqual(["a", "b", "c"]);
  });
  it("ratios per round with spread; a round with a failure or no requests makes the result NaN (a failure)", () => {
    const rounds = [{ a: run(90), b: run(100) }, { a: run(80), b: run(100) }, { a: run(99), b: run(100) }];
    expect(ratios(rounds, "a", "b")).toMatchObject({ median: 0.9, min: 0.8, max: 0.99 });
    expect(ratios([...rounds, { a: run(90, { graphqlErrors: 1, failures: 1 }), b: run(100) }], "a", "b").median).toBeNaN();
    expect(ratios([{ a: run(0), b: run(100) }], "a", "b").median).toBeNaN();
    expect(spread([1, NaN]).median).toBeNaN();
  });
});
