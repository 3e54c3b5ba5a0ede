import { afterAll, describe, expect, it } from "vitest";
import { buildDischargeSummary } from "../subgraphs/documents/src/fhir/build/discharge-summary.js";
import { startHubProcess, type StartedHub } from "./support/global-setup.js";
import { as, codes, gql, hub, token } from "./support/client.js";

/**
 * Policy admins govern every operation: who may register a document, confirm eligibility, administer, is a policy
 * line that `updatePolicyRules` changes in every process on the next request, that explain and simulate see.
 */
const HOSPITAL_B = "1310000002", PHARMACY_C = "1310000003";
type Rule = { role: string; purpose: string; category: string; action: string; condition: string; effect: string; name: string };
const RULES = `{ policyRules { version rules { role purpose category action condition effect name } } }`;
const UPDATE = `mutation($r: [PolicyRuleInput!]!, $c: String!) { updatePolicyRules(rules: $r, comment: $c) { version } }`;
const REGISTER = `mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id } exchangeNumber } }`;
const EXPLAIN = `query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason } }`;
let serial = 0;
const summary = () => buildDischargeSummary({
  institution: HOSPITAL_B, insuredId: `06139992:そ-1:${process.pid % 10000}${Date.now() % 100000}${++serial}:01`, patientName: "操作 太郎", birthDate: "1966-03-04",
  gender: "male", admittedOn: "2026-08-01", dischargedOn: "2026-08-09", diagnosisOnAdmission: "胆石症", hospitalCourse: "腹腔鏡下胆嚢摘出術",
});
const doctorB = () => token({ role: "doctor", sub: "D-OPS", org: HOSPITAL_B });
const register = async (tok: string, url?: string) => gql<any>(REGISTER, { token: tok, url, variables: { i: { bundle: summary(), destinationOrganizationId: "1310000005" } } });

describe("operations as policy decisions", () => {
  let second: StartedHub | undefined;
  let shipped: Rule[] = [];
  afterAll(async () => {
    if (shipped.length) await gql(UPDATE, { token: await as.admin(), variables: { r: shipped, c: "test cleanup" } });
    await second?.stop();
  });

  it("removing a write rule refuses that operation on the next request in every process; simulate saw it coming; putting it back allows it again", async () => {
    second = await startHubProcess(hub().databaseUrl, { HUB_RESET_DB: "0" });
    const since = new Date(Date.now() - 1000).toISOString();
    const doctor = await doctorB();
    expect((await register(doctor)).errors).toBeUndefined();
    expect((await register(doctor, second.urls.gateway)).errors).toBeUndefined();
    shipped = (await gql<any>(RULES, { token: await as.admin() })).data.policyRules.rules;
    const without = shipped.filter((r) => r.name !== "doctor-registers-documents");
    expect(without.length).toBe(shipped.length - 1);

    const sim = await gql<any>(`query($r: [PolicyRuleInput!]!, $s: DateTime!) { simulatePolicyChange(rules: $r, since: $s) { newlyDenied byRoleCategory { role category newlyDenied } } }`,
      { token: await as.admin(), variables: { r: without, s: since } });
    expect(sim.data.simulatePolicyChange.byRoleCategory).toContainEqual(expect.objectContaining({ role: "doctor", category: "document_discharge", newlyDenied: 2 }));

    expect((await gql<any>(UPDATE, { token: await as.admin(), variables: { r: without, c: "doctors stop registering documents" } })).errors).toBeUndefined();
    for (const url of [undefined, second.urls.gateway]) {
      const refused = await register(doctor, url);
      expect(refused.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "role-policy-no-match" });
      expect(refused.data).toBeNull();
    }
    // Systems of the same hospital still register: only the removed line changed.
    const system = await token({ role: "system", sub: "EHR-OPS", org: HOSPITAL_B, scope: "documents.write" });
    expect((await register(system, second.urls.gateway)).errors).toBeUndefined();

    expect((await gql<any>(UPDATE, { token: await as.admin(), variables: { r: shipped, c: "doctors register documents again" } })).errors).toBeUndefined();
    expect((await register(doctor, second.urls.gateway)).errors).toBeUndefined();
  });

  it("explainAccess explains a refused registerDocument: the deciding rule and the fact that decided", async () => {
    const why = { justification: "登録できないとの問い合わせ（看護師、他院分）" };
    const nurse = await gql<any>(EXPLAIN, { token: await as.admin(), variables: { i: { subject: { role: "nurse", org: HOSPITAL_B }, action: "register", category: "DOCUMENT_REFERRAL", ...why } } });
    expect(nurse.data.explainAccess).toMatchObject({ allowed: false, rule: "role-policy-no-match" });
    const foreign = await gql<any>(EXPLAIN, { token: await as.admin(), variables: { i: { subject: { role: "doctor", org: HOSPITAL_B }, action: "register", category: "DOCUMENT_REFERRAL", resourceInstitution: "1310000001", ...why } } });
    expect(foreign.data.explainAccess).toMatchObject({ allowed: false, rule: "own-institution-only" });
    expect(foreign.data.explainAccess.reason).toContain("another institution");
    const own = await gql<any>(EXPLAIN, { token: await as.admin(), variables: { i: { subject: { role: "doctor", org: HOSPITAL_B }, action: "register", category: "DOCUMENT_REFERRAL", resourceInstitution: HOSPITAL_B, ...why } } });
    expect(own.data.explainAccess).toMatchObject({ allowed: true, rule: "doctor-registers-documents" });
    const nurseTries = await register(await token({ role: "nurse", sub: "N-OPS", org: HOSPITAL_B }));
    expect(nurseTries.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: nurse.data.explainAccess.rule });
  });

  it("a pharmacy's card reading answers exactly what its pharmacist may then read: the six kinds, under the card's flags", async () => {
    const pharmacist = await token({ role: "pharmacist", sub: "PH-OPS", org: PHARMACY_C });
    const card = { insurerNumber: "06139992", symbol: "さ-07", number: "1188", branch: "00", birthDate: "1971-09-30", copayRatio: 30, consent: { medication: true, diagnosis: true } };
    const r = await gql<any>(`mutation($i: ConfirmEligibilityInput!) { confirmEligibility(input: $i) { patientId categories } }`, { token: pharmacist, variables: { i: card } });
    expect(r.errors).toBeUndefined();
    const answered = new Set<string>(r.data.confirmEligibility.categories);
    expect([...answered].sort()).toEqual(["allergy", "condition", "contraindication", "demographics", "eligibility", "infection", "lab_emergency", "lab_lifestyle", "prescription"]);
    const q = `{ patient(id: "P-0002") { name conditions { nodes { id } } allergies { nodes { id } } prescriptions { nodes { id } } documents { nodes { id } } eligibility { insurerNumber } } }`;
    const read = await gql<any>(q, { token: pharmacist });
    for (const [field, category] of [["conditions", "condition"], ["allergies", "allergy"], ["prescriptions", "prescription"], ["documents", "document_referral"]] as const) {
      expect(read.data.patient[field] !== null, field).toBe(answered.has(category));
    }
    expect(read.data.patient.eligibility).toMatchObject({ insurerNumber: "06139992" });
    // A clerk of the same pharmacy reading the same card is told what a clerk may read, and no more.
    const clerk = await token({ role: "clerk", sub: "CL-OPS", org: PHARMACY_C });
    const c = await gql<any>(`mutation($i: ConfirmEligibilityInput!) { confirmEligibility(input: $i) { categories } }`, { token: clerk, variables: { i: card } });
    expect([...c.data.confirmEligibility.categories].sort()).toEqual(["demographics", "eligibility"]);
  });

  it("another institution's document is as unknown as a missing one, and administration is the policy admins'", async () => {
    const doc = (await register(await doctorB())).data.registerDocument.document.id;
    const WITHDRAW = `mutation($id: ID!) { withdrawDocument(id: $id, reason: "誤って発行") }`;
    const other = await token({ role: "doctor", sub: "D-OTHER", org: "1310000005" });
    expect(codes(await gql(WITHDRAW, { token: other, variables: { id: doc } }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(WITHDRAW, { token: other, variables: { id: "no-such-document" } }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(`mutation { declareDisaster(input: { name: "x", regions: ["13"], startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-01-02T00:00:00Z" }) { id } }`, { token: await doctorB() }))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(RULES, { token: await as.doctorB() }))).toEqual(["FORBIDDEN"]);
  });
});
