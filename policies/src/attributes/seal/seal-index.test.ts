import { describe, expect, it } from "vitest";
import type { DataCategory } from "@hub/common";
import { sealCovers, sealLevelOf, type SealAttr } from "./seal.rule.js";

/** The indexed lookup (issue #23) answers exactly as testing every seal would. */
describe("sealLevelOf with the seal index", () => {
  it("agrees with testing every seal, for random seals and records", () => {
    let x = 7;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
    const orgs = ["A", "B", "C"];
    const cats: DataCategory[] = ["condition", "allergy", "prescription"];
    for (let t = 0; t < 200; t++) {
      const seals: SealAttr[] = Array.from({ length: 1 + rnd(12) }, (_, i) => {
        const kind = rnd(4);
        return {
          id: `S${i}`, level: rnd(2) ? "SEALED" : "RESTRICTED",
          sourceOrganizationId: kind === 0 || kind === 3 ? orgs[rnd(3)] : null,
          category: kind === 1 || kind === 3 ? cats[rnd(3)] : null,
          recordIds: kind === 2 ? [`R${rnd(6)}`, `R${rnd(6)}`] : null,
        };
      });
      for (let k = 0; k < 20; k++) {
        const r = { category: cats[rnd(3)], sourceOrgId: rnd(5) ? orgs[rnd(3)] : undefined, recordId: rnd(5) ? `R${rnd(6)}` : undefined };
        const covering = seals.filter((s) => sealCovers(s, r));
        const naive = covering.some((s) => s.level === "SEALED") ? "SEALED" : covering.length ? "RESTRICTED" : null;
        expect(sealLevelOf(seals, r)).toBe(naive);
      }
    }
  });
});
