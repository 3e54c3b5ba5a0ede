import type { LoadResult } from "./load.js";

export type Variant = "a" | "b" | "c" | "h" | "d";
export const VARIANTS: Record<Variant, string> = {
  a: "hub (full enforcement)", b: "hub, enforcement off", c: "plain @apollo/gateway", h: "Hive Gateway (runtime)", d: "clinical subgraph direct",
};

/** The order of the variants in round `round` of scenario `index`: rotated, so no variant always runs first or last. */
export function rotated<T>(xs: T[], by: number): T[] {
  const k = ((by % xs.length) + xs.length) % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

export const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export interface Spread { median: number; min: number; max: number; rounds: number[] }

/** Median and min–max of a per-round quantity (NaN rounds, from a failed run, are left out and make it NaN). */
export function spread(xs: number[]): Spread {
  const ok = xs.every((x) => Number.isFinite(x));
  return { median: ok ? median(xs) : NaN, min: ok ? Math.min(...xs) : NaN, max: ok ? Math.max(...xs) : NaN, rounds: xs };
}

/** A run counts only when it completed requests and none failed. */
export const valid = (r: LoadResult | undefined) => r !== undefined && r.requests > 0 && r.failures === 0;

/** Per-round ratio of `num`'s throughput to `den`'s (NaN for a round where either run does not count). */
export function ratios(rounds: Partial<Record<Variant, LoadResult>>[], num: Variant, den: Variant, of: "rps" | "p95" = "rps"): Spread {
  return spread(rounds.map((r) => (valid(r[num]) && valid(r[den]) ? r[num]![of] / r[den]![of] : NaN)));
}
