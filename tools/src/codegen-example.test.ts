import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

describe("the README's codegen example (frontend developers)", () => {
  it("generates types from schema/api.graphql for the example operations, and they type-check the example client", async () => {
    // Exactly the README's two commands, from the repository root.
    await run(bin("graphql-codegen"), ["--config", "examples/codegen/codegen.yml"], { cwd: ROOT });
    await run(bin("tsc"), ["-p", "examples/codegen"], { cwd: ROOT });
  }, 120_000);

  it("the generated types are precise: a wrong enum value or a misspelt field does not compile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codegen-"));
    writeFileSync(join(dir, "bad.ts"), `import type { PatientSummaryQuery } from ${JSON.stringify(join(ROOT, "examples", "codegen", "generated", "graphql"))};
export const severe = (d: PatientSummaryQuery) => d.patient?.allergies?.nodes.filter((a) => a.criticality === "SEVERE");
export const typo = (d: PatientSummaryQuery) => d.patient?.gendre;\n`);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "commonjs", moduleResolution: "node", skipLibCheck: true, types: [] }, files: ["bad.ts"] }));
    const r = await run(bin("tsc"), ["-p", dir], { cwd: ROOT }).then(() => ({ stdout: "" }), (e: { stdout: string }) => e);
    expect(r.stdout).toMatch(/TS2367.*"SEVERE"/);
    expect(r.stdout).toMatch(/TS2551: Property 'gendre' does not exist/);
  }, 120_000);
});
