import { describe, expect, it } from "vitest";
import { BROKEN, broken } from "./broken.testkit.js";
import { validateClinicalBundle, validateDocumentBundle } from "./validate.js";

describe("every kind of broken input is refused with its rule id and a path (issue #20)", () => {
  it("tries at least 22 kinds", () => expect(new Set(BROKEN.map((k) => k.name)).size).toBeGreaterThanOrEqual(22));
  for (const kind of BROKEN) {
    it(`${kind.name} → ${kind.rule}`, () => {
      const { bundle, path } = broken(kind);
      const issues = (bundle.type === "collection" ? validateClinicalBundle : validateDocumentBundle)(bundle);
      expect(issues.filter((i) => i.severity === "error"), JSON.stringify(issues)).toContainEqual(expect.objectContaining({ ruleId: kind.rule, path }));
    });
  }
});
