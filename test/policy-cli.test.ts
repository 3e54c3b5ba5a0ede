import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { as, gql, hub } from "./support/client.js";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "tools", "dist", "policy.js");
const SHIPPED = join(__dirname, "..", "policies", "policy.csv");
const tool = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [join(__dirname, "..", "tools", "dist", script), ...args], { env: { ...process.env, HUB_URL: hub().gateway, ...env } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
const policy = (...args: string[]) => tool("policy.js", args);

function variant(transform: (csv: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), "policy-")), "policy.csv");
  writeFileSync(file, transform(readFileSync(SHIPPED, "utf8")));
  return file;
}

describe("npm run policy", { timeout: 600_000 }, () => {
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

  it("HUB_URL works with or without /graphql (and a trailing slash) for diff and simulate", async () => {
    const base = hub().gateway.replace(/\/graphql$/, "");
    // The policy in force (other tests may have changed it), as a file: diff must find no difference.
    const r = await gql<any>(`{ policyRules { rules { role purpose category action condition effect name } } }`, { token: await as.admin() });
    const inForce = variant(() => r.data.policyRules.rules.map((x: Record<string, string>) =>
      `p, ${[x.role, x.purpose, x.category, x.action, x.condition, x.effect, x.name].join(", ")}`).join("\n") + "\n");
    for (const url of [base, `${base}/`, hub().gateway]) {
      const diff = await tool("policy.js", ["diff", inForce], { HUB_URL: url });
      expect(diff.code, url).toBe(0);
      expect(diff.stdout).toMatch(/^against version \d+: no difference/);
      const sim = await tool("policy.js", ["simulate", inForce, "--hours", "1"], { HUB_URL: url });
      expect(sim.code, url).toBe(0);
      expect(sim.stdout).toMatch(/^replayed \d+ decisions since \S+: \d+ newly allowed, \d+ newly denied/);
      expect(sim.stdout + sim.stderr).not.toContain("undefined");
    }
    const wrong = await tool("policy.js", ["diff", SHIPPED], { HUB_URL: `${base}/developers` });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/the hub at .*\/developers\/graphql answered HTTP 404 without a GraphQL result/);
  });
});

describe("every command-line tool", () => {
  const TOOLS = ["policy.js", "token.js", "audit.js", "retention.js", "seed.js", "schema.js", "start.js"];
  it("--help prints the usage and exits 0; an unknown option is refused with exit 2", async () => {
    for (const t of TOOLS) {
      const help = await tool(t, ["--help"]);
      expect(help.code, t).toBe(0);
      expect(help.stdout, t).toMatch(/^Usage: npm (run -s |run |start)/);
      const bogus = await tool(t, ["--no-such-option"]);
      expect(bogus.code, t).toBe(2);
      expect(bogus.stderr, t).toMatch(/error: (unknown option|required option)/);
    }
    for (const sub of ["validate", "diff", "explain", "simulate", "apply", "rollback"]) {
      const help = await tool("policy.js", [sub, "--help"]);
      expect(help.code, sub).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run policy -- ${sub}`);
    }
    expect((await tool("policy.js", ["rollback", "two"])).code).toBe(2);
    expect((await tool("policy.js", ["diff"])).code).toBe(2);
  });
});
