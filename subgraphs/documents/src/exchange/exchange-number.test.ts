import { describe, expect, it } from "vitest";
import { formatExchangeNumber, newExchangeNumber, normaliseExchangeNumber } from "./exchange-number.js";

describe("exchange numbers (引換番号)", () => {
  it("are 16 digits with a check digit that catches a mistyped digit and swapped neighbours", () => {
    for (let i = 0; i < 200; i++) {
      const n = newExchangeNumber();
      expect(n).toMatch(/^[1-9]\d{15}$/);
      expect(normaliseExchangeNumber(n)).toBe(n);
      const typo = n.slice(0, 5) + String((Number(n[5]) + 1) % 10) + n.slice(6);
      expect(normaliseExchangeNumber(typo)).toBeNull();
    }
  });

  it("accept what a desk types: groups, hyphens, full-width digits", () => {
    const n = newExchangeNumber();
    expect(normaliseExchangeNumber(formatExchangeNumber(n))).toBe(n);
    expect(normaliseExchangeNumber(formatExchangeNumber(n).replace(/ /g, "-"))).toBe(n);
    expect(normaliseExchangeNumber(n.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))))).toBe(n);
    expect(normaliseExchangeNumber("12345678")).toBeNull();
  });
});
