import { describe, expect, it } from "vitest";
import { codes, db, gql, token } from "./support/client.js";
import { fixturesPresent, load } from "../subgraphs/documents/src/fhir/fixtures.testkit.js";

/** The IG's examples (CC BY-ND 4.0), read as is; collection Bundles are assembled from them in memory. */
const present = fixturesPresent;
const OBS_BUNDLE = "valid/six-info/bundles/Bundle-Bundle-CLINS-Observations-Example-01.json";
const SOURCE = "1318814790"; // the institution the examples were recorded at
const INSURED = "00012345:あいう:１８７:01";
const SUBMIT = `mutation($b: JSON!) { submitClinicalInformation(bundle: $b) { inserted updated unchanged warnings { ruleId } } }`;

/** A CLINS collection Bundle of the example Patient and the given example resources, tagged with `tag`. */
function collection(tag: string, files: string[]): Record<string, any> {
  const base = load(OBS_BUNDLE);
  const patient = base.entry[0];
  const entries = files.map((f, i) => {
    const r = load(`valid/six-info/resources/${f}`);
    r[r.resourceType === "AllergyIntolerance" ? "patient" : "subject"] = { reference: patient.fullUrl };
    return { fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, resource: r };
  });
  return { ...base, meta: { ...base.meta, tag: [{ ...base.meta.tag[0], code: tag }] }, entry: [patient, ...entries] };
}

describe.runIf(present)("submitClinicalInformation: JP_Bundle_CLINS into the six lists", () => {
  const doctor = () => token({ role: "doctor", sub: "DR-S", org: SOURCE });

  it("takes the IG's lab Bundle once; re-sending changes nothing; a corrected value replaces its record", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM clinical.records WHERE source_org_id = $1`, [SOURCE])).rows[0].count);
    const first = await gql<any>(SUBMIT, { token: await doctor(), variables: { b: load(OBS_BUNDLE) } });
    expect(first.errors).toBeUndefined();
    expect(first.data.submitClinicalInformation).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
    const after = await count();
    const again = await gql<any>(SUBMIT, { token: await doctor(), variables: { b: load(OBS_BUNDLE) } });
    expect(again.data.submitClinicalInformation).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await count()).toBe(after);
    const corrected = load(OBS_BUNDLE);
    corrected.entry[2].resource.valueQuantity.value = 9.9;
    expect((await gql<any>(SUBMIT, { token: await doctor(), variables: { b: corrected } })).data.submitClinicalInformation).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    const [k] = (await c.query(`SELECT r.category, r.value_num, p.id AS patient FROM clinical.records r JOIN clinical.patients p ON p.id = r.patient_id
      WHERE r.source_org_id = $1 AND r.code = '3H015'`, [SOURCE])).rows;
    expect(k).toMatchObject({ category: "lab_emergency", value_num: 9.9 });
    const [p] = (await c.query(`SELECT id FROM clinical.patients WHERE insurance_member_id = $1`, [INSURED])).rows;
    expect(k.patient).toBe(p.id);
    await c.end();
  });

  it("honours 未告知 (withheld from the patient) and 長期保存 (long-term) tags; sorts allergies from contraindications", async () => {
    const b = collection("Condition", ["Condition-Example-JP-Condition-eCS-01.json", "Condition-Example-JP-Condition-eCS-02.json"]);
    const r = await gql<any>(SUBMIT, { token: await doctor(), variables: { b } });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitClinicalInformation.inserted).toBe(2);
    const c = await db();
    const rows = (await c.query(`SELECT display, withheld, long_term, patient_id FROM clinical.records WHERE source_org_id = $1 AND category = 'condition' ORDER BY display`, [SOURCE])).rows;
    await c.end();
    expect(rows.map((x) => [x.display, x.withheld, x.long_term])).toEqual([["十二指腸潰瘍・H1期", false, false], ["胃癌", true, true]]);
    const patientId = rows[0].patient_id;
    const patient = await token({ role: "patient", sub: patientId, patientId });
    const own = await gql<any>(`{ patient(id: "${patientId}") { conditions { nodes { display } } } }`, { token: patient });
    expect(own.errors).toBeUndefined();
    expect(own.data.patient.conditions.nodes.map((n: any) => n.display)).toEqual(["十二指腸潰瘍・H1期"]);
    const grant = await gql(`mutation { grantConsent(input: { organizationId: "${SOURCE}", categories: [CONDITION] }) { id } }`, { token: patient });
    expect(grant.errors).toBeUndefined();
    const seenByDoctor = await gql<any>(`{ patient(id: "${patientId}") { conditions { nodes { display } } } }`, { token: await doctor() });
    expect(seenByDoctor.data.patient.conditions.nodes.map((n: any) => n.display)).toContain("胃癌");

    const allergies = collection("AllergyIntolerance", ["AllergyIntolerance-Example-JP-AllergyIntolerance-eCS-01.json", "AllergyIntolerance-Example-JP-AllergyIntolerance-eCS-03.json"]);
    allergies.entry[2].resource.criticality = "high"; // a drug allergy: R4011 makes it a contraindication
    expect((await gql<any>(SUBMIT, { token: await doctor(), variables: { b: allergies } })).data.submitClinicalInformation.inserted).toBe(2);
    const c2 = await db();
    const cats = (await c2.query(`SELECT display, category FROM clinical.records WHERE source_org_id = $1 AND category IN ('allergy','contraindication') ORDER BY category`, [SOURCE])).rows;
    await c2.end();
    expect(cats.map((x) => x.category)).toEqual(["allergy", "contraindication"]);
  });

  it("refuses another institution's records, non-conformant Bundles and clients without the scope; stores nothing", async () => {
    const c = await db();
    const count = async () => Number((await c.query(`SELECT count(*) FROM clinical.records`)).rows[0].count);
    const before = await count();
    const foreign = await gql(SUBMIT, { token: await token({ role: "doctor", sub: "D-001", org: "1310000002" }), variables: { b: load(OBS_BUNDLE) } });
    expect(foreign.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "own-institution-only" });
    const bad = load(OBS_BUNDLE);
    bad.entry[1].resource.code.coding = bad.entry[1].resource.code.coding.filter((x: any) => !x.system.endsWith("LocalCode_CS"));
    const r = await gql(SUBMIT, { token: await doctor(), variables: { b: bad } });
    expect(r.errors![0].extensions).toMatchObject({ code: "FHIR_VALIDATION_FAILED" });
    expect((r.errors![0].extensions as any).issues).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "R6021", path: "Bundle.entry[1].resource.code.coding" })]));
    const docsOnly = await token({ role: "system", sub: "EHR-X", org: SOURCE, scope: "documents.write" });
    expect((await gql(SUBMIT, { token: docsOnly, variables: { b: load(OBS_BUNDLE) } })).errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "client-scope" });
    expect(codes(await gql(SUBMIT, { token: await token({ role: "nurse", sub: "N-1", org: SOURCE }), variables: { b: load(OBS_BUNDLE) } }))).toEqual(["FORBIDDEN"]);
    expect(await count()).toBe(before);
    await c.end();
  });
});
