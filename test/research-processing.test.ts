import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { validateR4 } from "../subgraphs/documents/src/fhir/validate.js";
import { as, codes, db, gql } from "./support/client.js";
import { bulk, pollUntilDone } from "./support/bulk.js";
import { DIABETES, REQUEST, download, extract, smallestClass, submitApproved } from "./support/research.js";
import { insertResearchPopulation } from "./support/research-data.js";

let c: Client;
beforeAll(async () => {
  c = await db();
  await insertResearchPopulation(c);
});
afterAll(async () => { await c.end(); });

/** A company's request under the Next-Generation Medical Infrastructure Act for anonymised data (匿名加工医療情報). */
const ANONYMISED = { ...DIABETES, projectName: "製薬企業 市販後調査", legalBasis: "ANONYMISED_MEDICAL_DATA", requesterKind: "INDUSTRY", requesterOrganization: "見本製薬株式会社" };

describe("processing level by use (加工形態)", () => {
  it("the request states its legal basis and requester kind; the processing level follows; impossible combinations are refused", async () => {
    const research = await gql<any>(REQUEST, { token: await as.researcher(), variables: { input: { ...DIABETES, projectName: "学術" } } });
    expect(research.data.submitDatasetRequest.processing).toBe("PSEUDONYMISED");
    const company = await gql<any>(REQUEST, { token: await as.researcher(), variables: { input: ANONYMISED } });
    expect(company.data.submitDatasetRequest.processing).toBe("ANONYMISED");
    const wrong = await gql(REQUEST, { token: await as.researcher(), variables: { input: { ...DIABETES, requesterKind: "INDUSTRY" } } });
    expect(codes(wrong)).toEqual(["BAD_USER_INPUT"]);
    expect(wrong.errors![0].message).toMatch(/academic institutions/);
    const missing = await gql(REQUEST, { token: await as.researcher(), variables: { input: { ...DIABETES, legalBasis: undefined } } });
    expect(codes(missing)).toEqual(["BAD_USER_INPUT"]);
  });

  it("anonymised output: new pseudonyms every extraction, months only, k ≥ 10, keys destroyed; the manifest says so", async () => {
    const request = await submitApproved(ANONYMISED);
    const first = await extract(request.id);
    const second = await extract(request.id);
    for (const job of [first, second]) {
      expect(job.manifest.extension).toMatchObject({ processing: "anonymised", legalBasis: "ANONYMISED_MEDICAL_DATA", requesterKind: "INDUSTRY" });
      expect(job.anonymity.k).toBeGreaterThanOrEqual(10);
    }
    const a = await download(first.id, "Patient");
    const b = await download(second.id, "Patient");
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBe(b.length);
    expect(smallestClass(a)).toBeGreaterThanOrEqual(10);
    expect(a.filter((p) => b.some((q) => q.id === p.id))).toEqual([]);
    const obs = await download(first.id, "Observation");
    expect(obs.length).toBeGreaterThan(0);
    expect(obs.every((o) => /^\d{4}-\d{2}$/.test(o.effectiveDateTime) && o.meta.security[0].code === "ANONYED")).toBe(true);
    for (const r of [...a, ...obs, ...(await download(first.id, "MedicationRequest"))]) expect(validateR4(r), JSON.stringify(r)).toEqual([]);
    const keys = await c.query(`SELECT count(*)::int AS n FROM research_keys.job_keys WHERE job_id = ANY($1)`, [[first.id, second.id]]);
    expect(keys.rows[0].n).toBe(0);
    // the Bulk Data manifest says the same
    const kick = await bulk(`/fhir/Group/${request.id}/$export`, { token: await as.researcher() });
    expect(kick.status).toBe(202);
    const done = await pollUntilDone(kick.headers.get("content-location")!, await as.researcher());
    expect(done.status).toBe(200);
    expect((await done.json()).extension).toMatchObject({ processing: "anonymised" });
  });

  it("pseudonymised output for an approved research project: the same pseudonyms in every extraction, days shifted per person", async () => {
    const request = await submitApproved({ ...DIABETES, projectName: "学術 再抽出" });
    const first = await extract(request.id);
    const second = await extract(request.id);
    expect(first.manifest.extension).toMatchObject({ processing: "pseudonymised" });
    const ids = async (jobId: string) => (await download(jobId, "Patient")).map((p) => p.id).sort();
    expect(await ids(second.id)).toEqual(await ids(first.id));
    const obs = await download(first.id, "Observation");
    expect(obs.every((o) => /^\d{4}-\d{2}-\d{2}$/.test(o.effectiveDateTime) && o.meta.security[0].code === "PSEUDED")).toBe(true);
  });
});
