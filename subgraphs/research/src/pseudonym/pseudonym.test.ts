import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_SHIFT_DAYS, Pseudonymizer, shiftDate } from "./pseudonym.js";

describe("pseudonyms", () => {
  const a = new Pseudonymizer(randomBytes(32));
  const a2 = new Pseudonymizer(Buffer.from((a as unknown as { key: Buffer }).key));
  const b = new Pseudonymizer(randomBytes(32));
  const ids = Array.from({ length: 2000 }, (_, i) => `P-${String(i).padStart(5, "0")}`);

  it("are stable within a project (same key) and differ across projects", () => {
    for (const id of ids.slice(0, 50)) {
      expect(a.patient(id)).toBe(a2.patient(id));
      expect(a.shiftDays(id)).toBe(a2.shiftDays(id));
      expect(a.patient(id)).not.toBe(b.patient(id));
    }
    const inA = new Set(ids.map((i) => a.patient(i)));
    expect(inA.size).toBe(ids.length);
    expect(ids.some((i) => inA.has(b.patient(i)))).toBe(false);
  });

  it("do not contain the id and are not a plain hash of it", async () => {
    const { createHash } = await import("node:crypto");
    const p = a.patient("P-0001");
    expect(p).toMatch(/^[0-9a-f]{32}$/);
    expect(p).not.toContain("0001");
    expect(createHash("sha256").update("P-0001").digest("hex")).not.toContain(p);
  });

  it("shift dates per person within ±180 days, spread over the range", () => {
    const shifts = ids.map((i) => a.shiftDays(i));
    expect(Math.max(...shifts)).toBeLessThanOrEqual(MAX_SHIFT_DAYS);
    expect(Math.min(...shifts)).toBeGreaterThanOrEqual(-MAX_SHIFT_DAYS);
    expect(new Set(shifts).size).toBeGreaterThan(300);
    expect(shiftDate("2024-03-01T10:30:00Z", 10)).toBe("2024-03-11");
    expect(shiftDate("2024-03-01T10:30:00Z", -1)).toBe("2024-02-29");
  });

  it("refuses short keys", () => {
    expect(() => new Pseudonymizer(randomBytes(16))).toThrow();
  });
});
