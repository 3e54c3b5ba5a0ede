import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { as, hub } from "./support/client.js";

const run = promisify(execFile);
const ROOT = join(__dirname, "..");

/** graphql-codegen with the example's operations and plugins, from the given schema source, into a temp file. */
async function generate(schema: unknown): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "codegen-url-"));
  const out = join(dir, "graphql.ts");
  const config = {
    schema, documents: join(ROOT, "examples", "codegen", "operations", "*.graphql"),
    generates: { [out]: { plugins: ["typescript-operations"], config: { enumsAsTypes: true, avoidOptionals: true, scalars: { DateTime: "string", JSON: "unknown" } } } },
  };
  writeFileSync(join(dir, "codegen.json"), JSON.stringify(config));
  await run(join(ROOT, "node_modules", ".bin", "graphql-codegen"), ["--config", join(dir, "codegen.json")], { cwd: ROOT });
  return readFileSync(out, "utf8");
}

describe("graphql-codegen against the running hub (development)", () => {
  it("introspects the URL with a bearer token through the query limits, and gets the same types as from schema/api.graphql", async () => {
    const fromUrl = await generate([{ [hub().gateway]: { headers: { Authorization: `Bearer ${await as.doctorB()}` } } }]);
    const fromFile = await generate(join(ROOT, "schema", "api.graphql"));
    expect(fromUrl).toContain("export type PatientSummaryQuery");
    expect(fromUrl).toBe(fromFile);
  });
});
