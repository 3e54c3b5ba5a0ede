import { describe, expect, it } from "vitest";
import { insurerCheckDigit, isValidInsurerNumber } from "./insurer-number.js";

describe("insurer number check digit", () => {
  it("accepts valid numbers and refuses a changed digit or a wrong length", () => {
    expect(insurerCheckDigit("0613999")).toBe(2);
    expect(isValidInsurerNumber("06139992")).toBe(true);
    expect(isValidInsurerNumber("01130012")).toBe(true);
    expect(isValidInsurerNumber("06139999")).toBe(false);
    expect(isValidInsurerNumber("0613999")).toBe(false);
    expect(isValidInsurerNumber("0613999a")).toBe(false);
  });
});
