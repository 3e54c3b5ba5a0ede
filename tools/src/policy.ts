import { readFileSync } from "node:fs";
import { join } from "node:path";
import { POLICY_DIR, describeViolations, parsePolicyCsv, prove, readInvariants, readPolicyFiles, ruleToLine, type PolicyRule } from "@hub/policies";
import { EXIT, RefusedError, UsageError, cli, exitWith, runCli, wholeNumber } from "./cli.js";
import { adminGraphQL, firstError } from "./policy-client.js";

const RULE_FIELDS = "role purpose category action condition effect name";

function readRules(file: string | undefined): { text: string; rules: PolicyRule[] } {
  let text: string;
  try {
    text = readFileSync(file ?? join(POLICY_DIR, "policy.csv"), "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const { rules, issues } = parsePolicyCsv(text);
  if (issues.length > 0) {
    for (const i of issues) console.error(`line ${i.line}${i.field ? ` (${i.field})` : ""}: ${i.message}`);
    throw new RefusedError("invalid policy");
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
  return report.ok ? EXIT.OK : EXIT.REFUSED;
}

const program = cli("npm run policy --", "Validate, prove, compare, explain, simulate, apply and roll back the access policy")
  .option("--hub <url>", "the hub (default HUB_URL, else http://127.0.0.1:4000; with or without /graphql)")
  .addHelpText("after", `
Exit codes: 0 ok, 1 refused (invalid or unproved policy, denied, different, refused by the hub), 2 usage or the hub
could not be reached. Against the running hub: HUB_URL, HUB_TOKEN (a policy_admin token; a development token is made
outside production).`);
const hub = () => program.opts<{ hub?: string }>().hub;

program.command("validate").argument("[file]", "policy CSV (default: the shipped policies/policy.csv)")
  .description("check the syntax and prove every promise (offline)")
  .action(exitWith((file?: string) => cmdProve(file, false)));

program.command("prove").argument("[file]", "policy CSV (default: the shipped policies/policy.csv)")
  .description("the same, with a table of invariants, combinations and time")
  .action(exitWith((file?: string) => cmdProve(file, true)));

program.command("diff").argument("<file>", "policy CSV").description("compare FILE with the policy in force; exit 1 when they differ")
  .action(exitWith(async (file: string) => {
    const mine = new Set(readRules(file).rules.map(ruleToLine));
    const r = await adminGraphQL<{ policyRules: { version: number; rules: PolicyRule[] } }>(`{ policyRules { version rules { ${RULE_FIELDS} } } }`, {}, hub());
    if (!r.data) throw new RefusedError(`refused: ${firstError(r)}`);
    const theirs = new Set(r.data.policyRules.rules.map(ruleToLine));
    const added = [...mine].filter((l) => !theirs.has(l));
    const removed = [...theirs].filter((l) => !mine.has(l));
    console.log(`against version ${r.data.policyRules.version}: ${added.length + removed.length === 0 ? "no difference" : `${added.length} added, ${removed.length} removed`}`);
    for (const l of removed) console.log(`- ${l}`);
    for (const l of added) console.log(`+ ${l}`);
    return added.length + removed.length === 0 ? EXIT.OK : EXIT.REFUSED;
  }));

program.command("explain").description("explain a decision on current data; exit 1 when denied")
  .requiredOption("--role <role>", "the caller's role (doctor, nurse, …)").option("--org <code>", "the caller's institution")
  .option("--subject-patient <id>", "the caller's patient id (role patient)").option("--purpose <code>", "purpose of use", "TREAT")
  .option("--patient <id>", "whose data (reads)").option("--category <category>", "a data category (condition, lab_emergency, …)")
  .option("--record <id>", "a record id within the category (record-level seals and consents that name it count)")
  .option("--action <action>", "read, or an operation (register, withdraw, grant-consent, …)", "read")
  .option("--resource-institution <code>", "operations: the institution the resource belongs to")
  .requiredOption("--justification <text>", "why you need this explanation (recorded, shown to the patient)")
  .action(exitWith(async (o: { role: string; org?: string; subjectPatient?: string; purpose: string; patient?: string; category?: string; record?: string;
    action: string; resourceInstitution?: string; justification: string }) => {
    if (o.action === "read" && (!o.category || !o.patient)) throw new UsageError("explaining a read needs --patient and --category");
    const r = await adminGraphQL<{ explainAccess: { allowed: boolean; rule: string; reason: string; policyVersion: number } }>(
      `query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason policyVersion } }`,
      { i: { subject: { role: o.role, org: o.org, patientId: o.subjectPatient }, purpose: o.purpose, patientId: o.patient, category: o.category?.toUpperCase(),
        recordId: o.record, action: o.action, resourceInstitution: o.resourceInstitution, justification: o.justification } }, hub());
    if (!r.data) throw new RefusedError(`refused: ${firstError(r)}`);
    const e = r.data.explainAccess;
    console.log(`${e.allowed ? "ALLOW" : "DENY"} by ${e.rule} (policy version ${e.policyVersion}): ${e.reason}`);
    return e.allowed ? EXIT.OK : EXIT.REFUSED;
  }));

program.command("simulate").argument("<file>", "policy CSV").option("--hours <n>", "replay the decisions of the last N hours", wholeNumber, 24)
  .description("replay recorded decisions under FILE: what would be newly allowed or denied")
  .action(exitWith(async (file: string, o: { hours: number }) => {
    const since = new Date(Date.now() - o.hours * 3600_000).toISOString();
    process.stderr.write(`replaying the decisions since ${since}…\n`);
    const r = await adminGraphQL<{ simulatePolicyChange: { evaluated: number; newlyAllowed: number; newlyDenied: number; byRoleCategory: { role: string; category: string; newlyAllowed: number; newlyDenied: number }[] } }>(
      `query($r: [PolicyRuleInput!]!, $s: DateTime!) { simulatePolicyChange(rules: $r, since: $s) { evaluated newlyAllowed newlyDenied byRoleCategory { role category newlyAllowed newlyDenied } } }`,
      { r: readRules(file).rules, s: since }, hub());
    if (!r.data) throw new RefusedError(`refused: ${firstError(r)}`);
    const s = r.data.simulatePolicyChange;
    console.log(`replayed ${s.evaluated} decisions since ${since}: ${s.newlyAllowed} newly allowed, ${s.newlyDenied} newly denied`);
    for (const g of s.byRoleCategory) console.log(`  ${g.role.padEnd(20)} ${g.category.padEnd(20)} +${g.newlyAllowed} -${g.newlyDenied}`);
    return EXIT.OK;
  }));

program.command("apply").argument("<file>", "policy CSV").requiredOption("--comment <text>", "why (stored with the version)")
  .description("validate, prove, store and put in force everywhere; exit 1 when refused")
  .action(exitWith(async (file: string, o: { comment: string }) => {
    const r = await adminGraphQL<{ updatePolicyRules: { version: number } }>(`mutation($r: [PolicyRuleInput!]!, $c: String!) { updatePolicyRules(rules: $r, comment: $c) { version } }`,
      { r: readRules(file).rules, c: o.comment }, hub());
    if (!r.data) {
      console.error(`refused: ${firstError(r)}`);
      for (const v of (r.errors?.[0]?.extensions?.violations as { invariant: string; counterexample: object; rule: string }[] | undefined) ?? []) {
        console.error(`  ${v.invariant}: ${JSON.stringify(v.counterexample)} → allowed by ${v.rule}`);
      }
      return EXIT.REFUSED;
    }
    console.log(`applied as version ${r.data.updatePolicyRules.version}`);
    return EXIT.OK;
  }));

program.command("rollback").argument("<version>", "the version to put back in force", wholeNumber)
  .description("put an earlier version back in force (as a new version)")
  .action(exitWith(async (version: number) => {
    const r = await adminGraphQL<{ rollbackPolicy: { version: number } }>(`mutation($v: Int!) { rollbackPolicy(version: $v) { version } }`, { v: version }, hub());
    if (!r.data) throw new RefusedError(`refused: ${firstError(r)}`);
    console.log(`version ${version} is back in force as version ${r.data.rollbackPolicy.version}`);
    return EXIT.OK;
  }));

void runCli(program);
