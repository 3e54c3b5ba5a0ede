import { describe, expect, it } from "vitest";
import { ageBand, classKey, isKAnonymous, levelOf, planKAnonymity, type Cell, type QuasiIdentifiers } from "./k-anonymity.js";

const people = (n: number, q: QuasiIdentifiers): QuasiIdentifiers[] => Array.from({ length: n }, () => ({ ...q }));
const cellsOf = (ps: QuasiIdentifiers[]): Cell[] => {
  const m = new Map<string, Cell>();
  for (const p of ps) {
    const key = `${p.age}|${p.sex}|${p.prefecture}`;
    const c = m.get(key) ?? { ...p, n: 0 };
    c.n += 1;
    m.set(key, c);
  }
  return [...m.values()];
};

describe("k-anonymity planner", () => {
  it("bands ages and top-codes 90+", () => {
    expect(ageBand(47, 5).label).toBe("45-49");
    expect(ageBand(47, 10).label).toBe("40-49");
    expect(ageBand(47, 20).label).toBe("40-59");
    expect(ageBand(93, 5)).toEqual({ low: 90, high: null, label: "90+" });
    expect(ageBand(88, 20).label).toBe("80-89");
  });

  it("keeps the finest level when every class already has k members", () => {
    const ps = [...people(5, { age: 41, sex: "male", prefecture: "13" }), ...people(6, { age: 52, sex: "female", prefecture: "13" })];
    const plan = planKAnonymity(cellsOf(ps), 5);
    expect(plan).toMatchObject({ level: 0, ageBandYears: 5, prefectureDropped: false, suppressedPatients: 0, releasedPatients: 11, smallestReleasedGroup: 5 });
  });

  it("widens age bands before dropping the prefecture, and drops the prefecture before suppressing many", () => {
    // 3 + 3 people in 40-44 and 45-49 of Tokyo: 5-year bands fail (classes of 3), 10-year bands give 6.
    const wide = [...people(3, { age: 42, sex: "female", prefecture: "13" }), ...people(3, { age: 47, sex: "female", prefecture: "13" })];
    expect(planKAnonymity(cellsOf(wide), 5)).toMatchObject({ level: 1, ageBandYears: 10, suppressedPatients: 0 });
    // Same band, three prefectures of 2 each: only dropping the prefecture reaches 6.
    const spread = ["13", "14", "11"].flatMap((pref) => people(2, { age: 61, sex: "male", prefecture: pref }));
    const plan = planKAnonymity(cellsOf(spread), 5);
    expect(plan).toMatchObject({ level: 2, prefectureDropped: true, suppressedPatients: 0, releasedPatients: 6 });
    expect(isKAnonymous(spread, 5, levelOf(plan.level))).toBe(true);
    expect(isKAnonymous(spread, 5, levelOf(0))).toBe(false);
  });

  it("suppresses the remaining small classes (an outlier does not force everyone to the coarsest level)", () => {
    const ps = [
      ...Array.from({ length: 100 }, (_, i) => ({ age: 40 + (i % 5), sex: i % 2 ? "male" : "female", prefecture: "13" })),
      { age: 95, sex: "female", prefecture: "47" }, // unique: suppressed
    ];
    const plan = planKAnonymity(cellsOf(ps), 5);
    expect(plan.level).toBe(0);
    expect(plan.suppressedPatients).toBe(1);
    expect(plan.suppressedClasses).toEqual(["90+|female|47"]);
    const released = ps.filter((p) => !plan.suppressedClasses.includes(classKey(p, levelOf(plan.level))));
    expect(released).toHaveLength(100);
    expect(isKAnonymous(released, 5, levelOf(plan.level))).toBe(true);
  });

  it("falls back to the coarsest level and suppresses when nothing else works; honours k", () => {
    const ps = [...people(4, { age: 30, sex: "male", prefecture: "01" }), ...people(4, { age: 70, sex: "female", prefecture: "02" })];
    const plan = planKAnonymity(cellsOf(ps), 5);
    expect(plan).toMatchObject({ level: 3, suppressedPatients: 8, releasedPatients: 0, smallestReleasedGroup: null });
    expect(planKAnonymity(cellsOf(ps), 4)).toMatchObject({ level: 0, suppressedPatients: 0 });
    expect(() => planKAnonymity([], 1)).toThrow();
  });
});
