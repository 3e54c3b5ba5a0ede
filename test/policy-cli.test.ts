import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { hub } from "./support/client.js";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "tools", "dist", "policy.js");
const SHIPPED = join(__dirname, "..", "policies", "policy.csv");
const policy = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, HUB_URL: hub().gateway } })
  .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);

function variant(transform: (csv: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), "policy-")), "policy.csv");
  writeFileSync(file, transform(readFileSync(SHIPPED, "utf8")));
  return file;
}

describe("npm run policy", { timeout: 180_000 }, () => {
  it("validate proves the shipped policy and refuses a weakened one with a counterexample (exit 1)", async () => {
    expect((await policy("validate", SHIPPED)).code).toBe(0);
    const weakened = variant((csv) => csv.split("\n").filter((l) => !l.endsWith("seal-sealed")).join("\n"));
    const r = await policy("validate", weakened);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sealed-never-shown: \d+ violation\(s\); smallest: .*seal=SEALED/);
  });

  it("flags syntax errors with line numbers, and usage errors with exit 2", async () => {
    const broken = variant((csv) => `${csv}\np, nurse, TREAT, condition, read, *, maybe, x\n`);
    const r = await policy("validate", broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line \d+ \(effect\): unknown effect "maybe"/);
    expect((await policy("frobnicate")).code).toBe(2);
  });

  it("explains against the running hub (exit 0 allowed, 1 denied), diffs, and refuses to apply a weakened policy", async () => {
    const why = ["--justification", "CLI test: explain a decision"];
    const allowed = await policy("explain", "--role", "doctor", "--org", "1310000002", "--patient", "P-0001", "--category", "condition", ...why);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^ALLOW by consent /);
    expect((await policy("explain", "--role", "doctor", "--patient", "P-0001", "--category", "condition")).code).toBe(2);
    const denied = await policy("explain", "--role", "doctor", "--org", "1310000005", "--patient", "P-0001", "--category", "condition", ...why);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^DENY by no-consent/);
    const widened = variant((csv) => `${csv}\np, emergency_responder, ETREAT, phr_vital, read, *, allow, widened\n`);
    const diff = await policy("diff", widened);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+ p, emergency_responder, ETREAT, phr_vital, read, *, allow, widened");
    const apply = await policy("apply", widened, "--comment", "widen emergency scope");
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("emergency-set-only");
  });
});
