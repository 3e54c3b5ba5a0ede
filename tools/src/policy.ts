import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { POLICY_DIR, describeViolations, parsePolicyCsv, prove, readInvariants, readPolicyFiles, ruleToLine, type PolicyRule } from "@hub/policies";
import { UsageError, adminGraphQL } from "./policy-client.js";

const USAGE = `npm run policy -- <command>
  validate [FILE]                 check syntax and prove every promise (offline); exit 1 when refused
  prove [FILE]                    the same, with a table of invariants, combinations and time
  diff FILE                       compare FILE with the policy in force; exit 1 when they differ
  explain --role R [--org O] [--subject-patient P] [--purpose TREAT] --patient P --category C [--record ID] --justification TEXT
                                  explain a decision on current data; exit 1 when denied
  simulate FILE [--hours 24]      replay recorded decisions of the last hours under FILE
  apply FILE --comment "…"        validate, prove, store and put in force everywhere; exit 1 when refused
  rollback VERSION                put an earlier version back in force
Exit codes: 0 ok, 1 refused/denied/different, 2 usage or connection error. Hub: HUB_URL, HUB_TOKEN.`;

const RULE_FIELDS = "role purpose category action condition effect name";

function readRules(file: string | undefined): { text: string; rules: PolicyRule[] } {
  const text = file ? readFileSync(file, "utf8") : readFileSync(join(POLICY_DIR, "policy.csv"), "utf8");
  const { rules, issues } = parsePolicyCsv(text);
  if (issues.length > 0) {
    for (const i of issues) console.error(`line ${i.line}${i.field ? ` (${i.field})` : ""}: ${i.message}`);
    throw Object.assign(new Error("invalid policy"), { exitCode: 1 });
  }
  return { text, rules };
}

async function cmdProve(file: string | undefined, table: boolean): Promise<number> {
  const { text } = readRules(file);
  const report = await prove(readPolicyFiles().model, text, readInvariants());
  if (table) {
    console.log(`${"invariant".padEnd(30)} ${"checked".padStart(8)} ${"violations".padStart(10)}  promise`);
    for (const r of report.results) console.log(`${r.id.padEnd(30)} ${String(r.checked).padStart(8)} ${String(r.violations).padStart(10)}  ${r.promise}`);
  }
  console.log(`${report.ok ? "proved" : "REFUSED"}: ${report.results.length} invariants over ${report.combinations} combinations in ${report.millis} ms`);
  for (const line of describeViolations(report)) console.log(`  ${line}`);
  return report.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: "string" }, org: { type: "string" }, "subject-patient": { type: "string" }, purpose: { type: "string" },
      patient: { type: "string" }, category: { type: "string" }, record: { type: "string" }, hours: { type: "string" }, justification: { type: "string" },
      comment: { type: "string" }, hub: { type: "string" },
    },
  });
  const [cmd, arg] = positionals;
  switch (cmd) {
    case "validate": return cmdProve(arg, false);
    case "prove": return cmdProve(arg, true);
    case "diff": {
      if (!arg) throw new UsageError("diff needs a FILE");
      const mine = new Set(readRules(arg).rules.map(ruleToLine));
      const r = await adminGraphQL<{ policyRules: { version: number; rules: PolicyRule[] } }>(`{ policyRules { version rules { ${RULE_FIELDS} } } }`, {}, values.hub);
      if (!r.data) throw new UsageError(r.errors?.[0]?.message ?? "no answer");
      const theirs = new Set(r.data.policyRules.rules.map(ruleToLine));
      const added = [...mine].filter((l) => !theirs.has(l));
      const removed = [...theirs].filter((l) => !mine.has(l));
      console.log(`against version ${r.data.policyRules.version}:`);
      for (const l of removed) console.log(`- ${l}`);
      for (const l of added) console.log(`+ ${l}`);
      return added.length + removed.length === 0 ? 0 : 1;
    }
    case "explain": {
      if (!values.role || !values.patient || !values.category || !values.justification) throw new UsageError("explain needs --role, --patient, --category and --justification");
      const r = await adminGraphQL<{ explainAccess: { allowed: boolean; rule: string; reason: string; policyVersion: number } }>(
        `query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason policyVersion } }`,
        { i: { subject: { role: values.role, org: values.org, patientId: values["subject-patient"] }, purpose: values.purpose ?? "TREAT", patientId: values.patient,
          category: values.category.toUpperCase(), recordId: values.record, justification: values.justification } }, values.hub);
      if (!r.data) { console.error(r.errors?.[0]?.message); return 2; }
      const e = r.data.explainAccess;
      console.log(`${e.allowed ? "ALLOW" : "DENY"} by ${e.rule} (policy version ${e.policyVersion}): ${e.reason}`);
      return e.allowed ? 0 : 1;
    }
    case "simulate": {
      if (!arg) throw new UsageError("simulate needs a FILE");
      const since = new Date(Date.now() - Number(values.hours ?? 24) * 3600_000).toISOString();
      const r = await adminGraphQL<{ simulatePolicyChange: { evaluated: number; newlyAllowed: number; newlyDenied: number; byRoleCategory: { role: string; category: string; newlyAllowed: number; newlyDenied: number }[] } }>(
        `query($r: [PolicyRuleInput!]!, $s: DateTime!) { simulatePolicyChange(rules: $r, since: $s) { evaluated newlyAllowed newlyDenied byRoleCategory { role category newlyAllowed newlyDenied } } }`,
        { r: readRules(arg).rules, s: since }, values.hub);
      if (!r.data) { console.error(r.errors?.[0]?.message); return 1; }
      const s = r.data.simulatePolicyChange;
      console.log(`replayed ${s.evaluated} decisions since ${since}: ${s.newlyAllowed} newly allowed, ${s.newlyDenied} newly denied`);
      for (const g of s.byRoleCategory) console.log(`  ${g.role.padEnd(20)} ${g.category.padEnd(20)} +${g.newlyAllowed} -${g.newlyDenied}`);
      return 0;
    }
    case "apply": {
      if (!arg || !values.comment) throw new UsageError("apply needs a FILE and --comment");
      const r = await adminGraphQL<{ updatePolicyRules: { version: number } }>(`mutation($r: [PolicyRuleInput!]!, $c: String!) { updatePolicyRules(rules: $r, comment: $c) { version } }`,
        { r: readRules(arg).rules, c: values.comment }, values.hub);
      if (!r.data) {
        console.error(`refused: ${r.errors?.[0]?.message}`);
        for (const v of (r.errors?.[0]?.extensions?.violations as { invariant: string; counterexample: object; rule: string }[] | undefined) ?? []) {
          console.error(`  ${v.invariant}: ${JSON.stringify(v.counterexample)} → allowed by ${v.rule}`);
        }
        return 1;
      }
      console.log(`applied as version ${r.data.updatePolicyRules.version}`);
      return 0;
    }
    case "rollback": {
      if (!arg || !/^\d+$/.test(arg)) throw new UsageError("rollback needs a VERSION number");
      const r = await adminGraphQL<{ rollbackPolicy: { version: number } }>(`mutation($v: Int!) { rollbackPolicy(version: $v) { version } }`, { v: Number(arg) }, values.hub);
      if (!r.data) { console.error(`refused: ${r.errors?.[0]?.message}`); return 1; }
      console.log(`version ${arg} is back in force as version ${r.data.rollbackPolicy.version}`);
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof UsageError ? 2 : (e as { exitCode?: number }).exitCode ?? 2);
});
