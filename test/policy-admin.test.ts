import { afterAll, describe, expect, it } from "vitest";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, token, codes, db, gql, hub } from "./support/client.js";

const RULES = `{ policyRules { version rules { role purpose category action condition effect name } } }`;
const LABS = `{ patient(id: "P-0001") { labResults { nodes { id set } } } }`;
type Rule = { role: string; purpose: string; category: string; action: string; condition: string; effect: string; name: string };

async function live(): Promise<{ version: number; rules: Rule[] }> {
  return (await gql<any>(RULES, { token: await as.admin() })).data.policyRules;
}
const versions = async () => (await gql<any>(`{ policyVersions { version } }`, { token: await as.admin() })).data.policyVersions.length;
const tighten = (rules: Rule[]): Rule[] => [...rules,
  { role: "nurse", purpose: "*", category: "lab_emergency", action: "read", condition: "*", effect: "deny", name: "nurse-no-labs" },
  { role: "nurse", purpose: "*", category: "lab_lifestyle", action: "read", condition: "*", effect: "deny", name: "nurse-no-labs" }];

// Proving a policy over the whole attribute space is CPU work: generous limits, so a busy machine slows it, never fails it.
describe("policy administration", { timeout: 600_000 }, () => {
  let second: StartedHub | undefined;
  let shipped: Rule[] = [];
  afterAll(async () => {
    if (shipped.length) await gql(`mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "test cleanup") { version } }`, { token: await as.admin(), variables: { r: shipped } });
    await second?.stop();
  });

  it("is for policy admins only", async () => {
    expect(codes(await gql(RULES, { token: await as.doctorB() }))).toEqual(["FORBIDDEN"]);
    const r = await live();
    shipped = r.rules;
    expect(r.rules).toContainEqual(expect.objectContaining({ condition: "sealed-other", effect: "deny", name: "seal-sealed" }));
  });

  it("refuses invalid rules with reasons, and stores nothing", async () => {
    const before = await versions();
    const bad = [...shipped, { role: "janitor", purpose: "TREAT", category: "condition", action: "read", condition: "*", effect: "allow", name: "Bad Name" }];
    const r = await gql(`mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "x") { version } }`, { token: await as.admin(), variables: { r: bad } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "invalid-rules" });
    const messages = (r.errors![0].extensions!.issues as { field: string; message: string }[]).map((i) => `${i.field}: ${i.message}`);
    expect(messages.some((m) => m.startsWith("role: unknown role \"janitor\""))).toBe(true);
    expect(messages.some((m) => m.startsWith("name:"))).toBe(true);
    expect(await versions()).toBe(before);
  });

  it("refuses a change that breaks a promise, with the smallest counterexample, and stores nothing", async () => {
    const before = await versions();
    const weakened = shipped.filter((x) => x.name !== "seal-sealed");
    const r = await gql(`mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "drop seal rule") { version } }`, { token: await as.admin(), variables: { r: weakened } });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "invariant-violated" });
    const v = (r.errors![0].extensions!.violations as any[]).find((x) => x.invariant === "sealed-never-shown");
    expect(v.counterexample).toMatchObject({ seal: "SEALED", self: false });
    expect(v.allowed).toBe(true);
    expect(await versions()).toBe(before);
  });

  it("tightening 'nurses may read lab results': simulate predicts exactly what apply does, in every process on the next request", async () => {
    second = await startHubProcess(hub().databaseUrl, { HUB_RESET_DB: "0" });
    const since = new Date(Date.now() - 1000).toISOString();
    const nurse = await as.nurseB();
    const before = await gql<any>(LABS, { token: nurse });
    expect(before.errors).toBeUndefined();
    expect(before.data.patient.labResults.nodes.length).toBeGreaterThan(0);
    expect((await gql<any>(LABS, { token: nurse, url: second.urls.gateway })).errors).toBeUndefined();

    const proposed = tighten(shipped);
    const sim = await gql<any>(`query($r: [PolicyRuleInput!]!, $since: DateTime!) { simulatePolicyChange(rules: $r, since: $since) {
      evaluated newlyAllowed newlyDenied byRoleCategory { role category newlyDenied } examples { actorRole category afterAllowed afterRule } } }`,
      { token: await as.admin(), variables: { r: proposed, since } });
    expect(sim.errors).toBeUndefined();
    const report = sim.data.simulatePolicyChange;
    expect(report.newlyAllowed).toBe(0);
    expect(report.newlyDenied).toBeGreaterThan(0);
    expect(report.byRoleCategory.every((g: any) => g.role === "nurse" && g.category.startsWith("lab_"))).toBe(true);
    const predicted = new Map<string, string>(report.examples.map((e: any) => [e.category, e.afterRule]));

    const applied = await gql<any>(`mutation($r: [PolicyRuleInput!]!) { updatePolicyRules(rules: $r, comment: "nurses no longer read lab results") { version } }`, { token: await as.admin(), variables: { r: proposed } });
    expect(applied.errors).toBeUndefined();
    for (const url of [hub().gateway, second.urls.gateway]) {
      const after = await gql<any>(LABS, { token: nurse, url });
      expect(after.data.patient.labResults).toBeNull();
      for (const e of after.errors!) {
        expect(e.extensions).toMatchObject({ code: "FORBIDDEN", rule: "nurse-no-labs" });
        expect(predicted.get(e.extensions!.category as string)).toBe(e.extensions!.rule);
      }
    }
    // Doctors are unaffected.
    expect((await gql<any>(LABS, { token: await as.doctorB() })).errors).toBeUndefined();

    const rolled = await gql<any>(`mutation($v: Int!) { rollbackPolicy(version: $v) { version comment } }`, { token: await as.admin(), variables: { v: applied.data.updatePolicyRules.version - 1 } });
    expect(rolled.data.rollbackPolicy.comment).toMatch(/^rollback to version/);
    for (const url of [hub().gateway, second.urls.gateway]) expect((await gql<any>(LABS, { token: nurse, url })).errors).toBeUndefined();
  });

  it("explains a decision with only the deciding attribute, for a stated reason; every call is audited and shown to the patient", async () => {
    const c = await db();
    const started = new Date().toISOString();
    const sub = `ADM-EXPLAIN-${Date.now()}`;
    const admin = await token({ role: "policy_admin", sub });
    const mine = async () => (await c.query(`SELECT count(*)::int AS n FROM consent.audit_events WHERE event_type = 'access-explained' AND actor_sub = $1`, [sub])).rows[0].n as number;
    const q = `query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason policyVersion } }`;
    const why = "看護師から閲覧できないとの問い合わせ";
    const noReason = await gql<any>(q, { token: admin, variables: { i: { subject: { role: "nurse", org: "1310000002" }, patientId: "P-0001", category: "CONDITION", justification: "" } } });
    expect(noReason.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "justification" });
    const nurse = await gql<any>(q, { token: admin, variables: { i: { subject: { role: "nurse", org: "1310000002" }, patientId: "P-0001", category: "CONDITION", justification: why } } });
    expect(nurse.data.explainAccess).toMatchObject({ allowed: true, rule: "consent" });
    expect(JSON.stringify(nurse.data)).not.toContain("C-0001");
    const stranger = await gql<any>(q, { token: admin, variables: { i: { subject: { role: "doctor", org: "1310000005" }, patientId: "P-0001", category: "CONDITION", justification: why } } });
    expect(stranger.data.explainAccess).toMatchObject({ allowed: false, rule: "no-consent" });
    const self = await gql<any>(q, { token: admin, variables: { i: { subject: { role: "patient", patientId: "P-0001" }, purpose: "PATRQT", patientId: "P-0001", category: "CONDITION", withheld: true, justification: why } } });
    expect(self.data.explainAccess).toMatchObject({ allowed: false, rule: "withheld-from-patient" });
    expect(await mine()).toBe(3);
    const log = await gql<any>(`query($t: DateTime) { patient(id: "P-0001") { accessLog(first: 100, since: $t) { nodes { event actorRole decision } } } }`,
      { token: await as.patient(), variables: { t: started } });
    expect(log.data.patient.accessLog.nodes.filter((e: any) => e.event === "access-explained").map((e: any) => e.decision).sort()).toEqual(["ALLOW", "DENY", "DENY"]);
    await c.end();
  });
});
