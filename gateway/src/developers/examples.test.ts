import { describe, expect, it } from "vitest";
import { parse, validate } from "graphql";
import { apiSchemaOf } from "./api-schema.js";
import { EXAMPLES, GROUPS } from "./examples.js";
import { portalPage } from "./page.js";

describe("developer portal examples", () => {
  it("every example operation validates against the current supergraph", async () => {
    const schema = await apiSchemaOf();
    for (const e of EXAMPLES) {
      const errors = validate(schema, parse(e.operation)).map((x) => x.message);
      expect({ example: e.title, errors }).toEqual({ example: e.title, errors: [] });
    }
  });

  it("has examples for every user group, and the page shows them, the errors, the profiles and the token steps", async () => {
    for (const g of Object.keys(GROUPS)) expect(EXAMPLES.some((e) => e.group === g)).toBe(true);
    const html = portalPage(await apiSchemaOf(), { graphql: "http://hub.test/graphql", token: "http://hub.test/oauth/token" });
    for (const e of EXAMPLES) expect(html).toContain(e.title.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
    for (const s of ["FHIR_VALIDATION_FAILED", "invalid_client", "assertion-replayed", "18842-5", "JP_Bundle_eDischargeSummary", "registerSystemClient", "http://hub.test/oauth/token"]) {
      expect(html).toContain(s);
    }
  });
});
