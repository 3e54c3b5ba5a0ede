import { describe, expect, it } from "vitest";
import { codes, db, gql, token } from "./support/client.js";
import { entryOf, example } from "../subgraphs/documents/src/fhir/examples.testkit.js";
import { INDICATION_TAG } from "../subgraphs/documents/src/fhir/clins-rules.js";

/** The project's own JP_Bundle_CLINS examples (hospital B, patient 見本 花子); variants are built in memory. */
const SOURCE = "1310000002"; // the institution the examples were recorded at
const INSURED = "06139992:み-1:2001:01";
const SUBMIT = `mutation($b: JSON!) { submitClinicalInformation(bundle: $b) { inserted updated unchanged warnings { ruleId } } }`;

describe("submitClinicalInformation: JP_Bundle_CLINS into the six lists", () => {
  const doctor = () => token({ role: "doctor", sub: "DR-S", org: SOURCE });

  it("takes the lab Bundle once; re-sending changes nothing; a corrected value replaces its record", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM clinical.records WHERE source_org_id = $1`, [SOURCE])).rows[0].count);
    const before = await count();
    const first = await gql<any>(SUBMIT, { token: await doctor(), variables: { b: example("clins-lab") } });
    expect(first.errors).toBeUndefined();
    expect(first.data.submitClinicalInformation).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, warnings: [] });
    expect(await count()).toBe(before + 3);
    const again = await gql<any>(SUBMIT, { token: await doctor(), variables: { b: example("clins-lab") } });
    expect(again.data.submitClinicalInformation).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await count()).toBe(before + 3);
    const corrected = example("clins-lab");
    entryOf(corrected, "Observation").resource.valueQuantity.value = 7.4;
    expect((await gql<any>(SUBMIT, { token: await doctor(), variables: { b: corrected } })).data.submitClinicalInformation).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const rows = (await c.query(`SELECT r.code, r.category, r.value_num, r.value_text, r.long_term, r.fhir, p.id AS patient FROM clinical.records r
      JOIN clinical.patients p ON p.id = r.patient_id WHERE p.insurance_member_id = $1 AND r.source_org_id = $2 AND r.category <> 'condition' ORDER BY r.code`, [INSURED, SOURCE])).rows;
    const labs = rows.filter((r) => ["3C015", "3D046", "5E071"].includes(r.code));
    expect(labs.map((r) => [r.code, r.category])).toEqual([["3C015", "lab_lifestyle"], ["3D046", "lab_lifestyle"], ["5E071", "infection"]]);
    expect(labs.find((r) => r.code === "3D046").value_num).toBe(7.4);
    expect(labs.find((r) => r.code === "5E071")).toMatchObject({ value_text: "陰性", long_term: true });
    // the stored resource names the hub's patient, not the Bundle-local fullUrl
    expect(labs.every((r) => r.fhir.subject.reference === `Patient/${r.patient}`)).toBe(true);
    await c.end();
  });

  it("honours 未告知 (withheld from the patient) and 長期保存 (long-term) tags; sorts allergies from contraindications", async () => {
    const b = example("clins-condition");
    entryOf(b, "Condition", 1).resource.meta.tag = [{ system: INDICATION_TAG, code: "UNINFORMED", display: "未告知" }];
    const r = await gql<any>(SUBMIT, { token: await doctor(), variables: { b } });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitClinicalInformation.inserted + r.data.submitClinicalInformation.updated).toBe(2);
    const c = await db();
    const rows = (await c.query(`SELECT r.display, r.withheld, r.long_term, r.patient_id FROM clinical.records r JOIN clinical.patients p ON p.id = r.patient_id
      WHERE r.source_org_id = $1 AND r.category = 'condition' AND p.insurance_member_id = $2 ORDER BY r.display`, [SOURCE, INSURED])).rows;
    await c.end();
    expect(rows.map((x) => [x.display, x.withheld, x.long_term])).toEqual([["2型糖尿病", false, true], ["本態性高血圧症", true, false]]);
    const patientId = rows[0].patient_id;
    const patient = await token({ role: "patient", sub: patientId, patientId });
    const own = await gql<any>(`{ patient(id: "${patientId}") { conditions { nodes { display } } } }`, { token: patient });
    expect(own.errors).toBeUndefined();
    expect(own.data.patient.conditions.nodes.map((n: any) => n.display)).toEqual(["2型糖尿病"]);
    const grant = await gql(`mutation { grantConsent(input: { organizationId: "${SOURCE}", categories: [CONDITION, ALLERGY, CONTRAINDICATION] }) { id } }`, { token: patient });
    expect(grant.errors).toBeUndefined();
    const seenByDoctor = await gql<any>(`{ patient(id: "${patientId}") { conditions { nodes { display } } } }`, { token: await doctor() });
    expect(seenByDoctor.data.patient.conditions.nodes.map((n: any) => n.display)).toContain("本態性高血圧症");

    // そば (food, low) is an allergy; ペニシリン系 (medication, high criticality) is filed as a drug contraindication
    expect((await gql<any>(SUBMIT, { token: await doctor(), variables: { b: example("clins-allergy") } })).errors).toBeUndefined();
    const lists = await gql<any>(`{ patient(id: "${patientId}") { allergies { nodes { display criticality } } contraindications { nodes { display reason } } } }`, { token: await doctor() });
    expect(lists.data.patient.allergies.nodes).toEqual([{ display: "そば", criticality: "LOW" }]);
    expect(lists.data.patient.contraindications.nodes).toEqual([{ display: "ペニシリン系抗菌薬", reason: "全身蕁麻疹" }]);
  });

  it("refuses another institution's records, non-conformant Bundles and clients without the scope; stores nothing", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM clinical.records`)).rows[0].count);
    const before = await count();
    const foreign = await gql(SUBMIT, { token: await token({ role: "doctor", sub: "D-A", org: "1310000001" }), variables: { b: example("clins-lab") } });
    expect(foreign.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "own-institution-only" });
    const bad = example("clins-lab");
    const obs = entryOf(bad, "Observation");
    obs.resource.code.coding = obs.resource.code.coding.filter((x: any) => !x.system.endsWith("LocalCode_CS"));
    const r = await gql(SUBMIT, { token: await doctor(), variables: { b: bad } });
    expect(r.errors![0].extensions).toMatchObject({ code: "FHIR_VALIDATION_FAILED" });
    expect((r.errors![0].extensions as any).issues).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "R6021", path: `Bundle.entry[${obs.index}].resource.code.coding` })]));
    const docsOnly = await token({ role: "system", sub: "EHR-X", org: SOURCE, scope: "documents.write" });
    expect((await gql(SUBMIT, { token: docsOnly, variables: { b: example("clins-lab") } })).errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "client-scope" });
    expect(codes(await gql(SUBMIT, { token: await token({ role: "nurse", sub: "N-1", org: SOURCE }), variables: { b: example("clins-lab") } }))).toEqual(["FORBIDDEN"]);
    expect(await count()).toBe(before);
    await c.end();
  });
});
