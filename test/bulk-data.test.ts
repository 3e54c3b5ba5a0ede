import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "pg";
import { validateR4 } from "../subgraphs/documents/src/fhir/validate.js";
import { as, db, gql, hub } from "./support/client.js";
import { bulk, gatewayBase, holdJob, jobIdOf, pollUntilDone, releaseJob } from "./support/bulk.js";
import { DIABETES, REQUEST, otherResearcher, steward, submitApproved } from "./support/research.js";
import { insertResearchPopulation } from "./support/research-data.js";

let c: Client;
beforeAll(async () => {
  c = await db();
  await insertResearchPopulation(c);
});
afterAll(async () => { await c.end(); });

const exportPath = (requestId: string, query = "") => `/fhir/Group/${requestId}/$export${query}`;
const outcome = async (r: Response) => ((await r.json()) as { resourceType: string; issue: { severity: string; code: string; diagnostics: string }[] });

/** Kick off and hold the job (retrying if a small job finished before it could be held). */
async function kickOffHeld(requestId: string, query = ""): Promise<{ statusUrl: string; jobId: string; kickOff: Response }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const kickOff = await bulk(exportPath(requestId, query), { token: await as.researcher() });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get("content-location")!;
    if (await holdJob(c, jobIdOf(statusUrl))) return { statusUrl, jobId: jobIdOf(statusUrl), kickOff };
  }
  throw new Error("every export finished before it could be held");
}

describe("FHIR Bulk Data export of an approved dataset request (SPEC §12)", () => {
  let request: { id: string; projectId: string };
  let manifest: any;

  it("kick-off → 202 with Content-Location; polling → 202 with X-Progress, then 200 with the manifest", async () => {
    request = await submitApproved({ ...DIABETES, projectName: "Bulk Data" });
    const { statusUrl, jobId, kickOff } = await kickOffHeld(request.id, "?_type=Patient,Observation,MedicationRequest&_outputFormat=application%2Ffhir%2Bndjson");
    expect(statusUrl).toBe(`${gatewayBase()}/fhir/bulkstatus/${jobId}`);
    expect((await outcome(kickOff)).issue[0].severity).toBe("information");

    const running = await bulk(statusUrl, { token: await as.researcher(), prefer: false });
    expect(running.status).toBe(202);
    expect(running.headers.get("x-progress")).toMatch(/^(queued|\w+ \d+%)$/);
    await releaseJob(c, jobId);

    const done = await pollUntilDone(statusUrl, await as.researcher());
    expect(done.status).toBe(200);
    manifest = await done.json();
    expect(manifest).toMatchObject({ request: `${gatewayBase()}${exportPath(request.id)}?_type=Patient,Observation,MedicationRequest&_outputFormat=application%2Ffhir%2Bndjson`,
      requiresAccessToken: true, error: [], extension: { processing: "pseudonymised", legalBasis: "ACADEMIC_RESEARCH" } });
    expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
    expect(manifest.output.map((o: any) => o.type)).toEqual(["MedicationRequest", "Observation", "Patient"]);
    for (const o of manifest.output) {
      expect(o.url).toBe(`${gatewayBase()}/fhir/bulkfiles/${jobId}/${o.type}.ndjson`);
      expect(o.count).toBeGreaterThan(0);
    }
  });

  it("every file streams as NDJSON with the researcher's bearer token, every line validates, every download is audited", async () => {
    const patients = new Set<string>();
    const lines: Record<string, any[]> = {};
    for (const o of manifest.output) {
      const r = await bulk(o.url, { token: await as.researcher(), prefer: false, headers: { accept: "application/fhir+ndjson" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/fhir+ndjson");
      const text = await r.text();
      expect(text.endsWith("\n")).toBe(true);
      lines[o.type] = text.trimEnd().split("\n").map((l) => JSON.parse(l));
      expect(lines[o.type]).toHaveLength(o.count);
      for (const res of lines[o.type]) expect(validateR4(res), JSON.stringify(res)).toEqual([]);
      if (o.type === "Patient") lines[o.type].forEach((p) => patients.add(`Patient/${p.id}`));
    }
    expect([...lines.Observation, ...lines.MedicationRequest].every((x) => patients.has(x.subject.reference))).toBe(true);
    const jobId = jobIdOf(manifest.output[0].url.replace(/\/[^/]+$/, ""));
    const events = (await c.query(`SELECT detail->>'type' AS type FROM consent.audit_events WHERE event_type = 'extraction-downloaded'
      AND detail->>'jobId' = $1 AND detail->>'via' = 'bulk-data'`, [jobId])).rows.map((x) => x.type).sort();
    expect(events).toEqual(["MedicationRequest", "Observation", "Patient"]);
    // the GraphQL paging of the same file stays and gives the same lines
    const page = await gql<any>(`{ extractionFile(jobId: "${jobId}", type: "Patient", first: 5000) { lines } }`, { token: await as.researcher() });
    expect(page.data.extractionFile.lines.map((l: string) => JSON.parse(l))).toEqual(lines.Patient);
  });

  it("only the requesting project's researcher: no token 401, another researcher 404, a steward or a doctor 403", async () => {
    const [file] = manifest.output;
    const statusUrl = file.url.replace(/\/fhir\/bulkfiles\/([^/]+)\/.*$/, "/fhir/bulkstatus/$1");
    for (const url of [file.url, statusUrl]) {
      const anonymous = await bulk(url, { prefer: false });
      expect(anonymous.status).toBe(401);
      expect((await outcome(anonymous)).issue[0]).toMatchObject({ severity: "error", code: "login" });
      expect((await bulk(url, { token: await otherResearcher(), prefer: false })).status).toBe(404);
      const steward403 = await bulk(url, { token: await steward(), prefer: false });
      expect(steward403.status).toBe(403);
      expect((await outcome(steward403)).issue[0].code).toBe("forbidden");
      expect((await bulk(url, { token: await as.doctorB(), prefer: false })).status).toBe(403);
    }
    expect((await bulk(exportPath(request.id), { token: await otherResearcher() })).status).toBe(404);
    expect((await bulk(exportPath(request.id), { token: await steward() })).status).toBe(403);
    // the research subgraph's route itself refuses anything that did not come through the gateway
    const direct = await fetch(`${hub().subgraphs.research.replace(/\/graphql$/, "")}${statusUrl.slice(gatewayBase().length)}`);
    expect(direct.status).toBe(401);
  });

  it("DELETE on the status URL cancels a running export: 202, then the status is 404 and nothing is released", async () => {
    const second = await submitApproved({ ...DIABETES, projectName: "Bulk Data (cancelled)" });
    const { statusUrl, jobId } = await kickOffHeld(second.id);
    const cancel = await bulk(statusUrl, { token: await as.researcher(), method: "DELETE", prefer: false });
    expect(cancel.status).toBe(202);
    expect((await outcome(cancel)).issue[0].severity).toBe("information");
    expect((await bulk(statusUrl, { token: await as.researcher(), prefer: false })).status).toBe(404);
    expect((await bulk(statusUrl, { token: await as.researcher(), method: "DELETE", prefer: false })).status).toBe(404);
    expect((await bulk(`/fhir/bulkfiles/${jobId}/Patient.ndjson`, { token: await as.researcher(), prefer: false })).status).toBe(409);
    const [job] = (await c.query(`SELECT status FROM research.extraction_jobs WHERE id = $1`, [jobId])).rows;
    expect(job.status).toBe("CANCELLED");
    expect((await c.query(`SELECT count(*)::int AS n FROM research.extraction_outputs WHERE job_id = $1`, [jobId])).rows[0].n).toBe(0);
    const events = (await c.query(`SELECT 1 FROM consent.audit_events WHERE event_type = 'extraction-cancelled' AND detail->>'jobId' = $1`, [jobId])).rowCount;
    expect(events).toBe(1);
  });

  it("bad input gets a Bulk Data OperationOutcome with a clear message and starts nothing", async () => {
    const jobs = async (id: string) => (await c.query(`SELECT count(*)::int AS n FROM research.extraction_jobs WHERE request_id = $1`, [id])).rows[0].n;
    const submitted = (await gql<any>(REQUEST, { token: await as.researcher(), variables: { input: { ...DIABETES, projectName: "未承認" } } })).data.submitDatasetRequest;
    const fresh = await submitApproved({ ...DIABETES, projectName: "Bulk Data (bad input)" });
    const cases: [string, Parameters<typeof bulk>[1], number, RegExp][] = [
      [exportPath(fresh.id), { prefer: false }, 400, /Prefer: respond-async/],
      [exportPath(fresh.id, "?_outputFormat=application/json"), {}, 400, /_outputFormat application\/json is not supported/],
      [exportPath(fresh.id, "?_type=Spaceship"), {}, 400, /_type Spaceship is not in this dataset; it holds MedicationRequest, Observation, Patient/],
      [exportPath(fresh.id, "?_type=Condition"), {}, 400, /_type Condition is not in this dataset/],
      [exportPath(fresh.id, "?_since=2024-01-01T00:00:00Z"), {}, 400, /_since is not supported/],
      [exportPath(fresh.id), { headers: { accept: "text/html" } }, 400, /Accept must be application\/fhir\+json/],
      [exportPath("00000000-0000-4000-8000-000000000000"), {}, 404, /no such dataset request/],
      [exportPath(submitted.id), {}, 409, /SUBMITTED, not APPROVED/],
      ["/fhir/Group/x/$import", {}, 404, /no Bulk Data operation/],
    ];
    for (const [path, opts, status, message] of cases) {
      const r = await bulk(path, { token: await as.researcher(), ...opts });
      expect(r.status, path).toBe(status);
      expect(r.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
      const o = await outcome(r);
      expect(o).toMatchObject({ resourceType: "OperationOutcome", issue: [{ severity: "error" }] });
      expect(o.issue[0].diagnostics, path).toMatch(message);
    }
    expect(await jobs(fresh.id)).toBe(0);
    expect(await jobs(submitted.id)).toBe(0);
    // a completed export cannot be cancelled; its files stay
    const statusUrl = manifest.output[0].url.replace(/\/fhir\/bulkfiles\/([^/]+)\/.*$/, "/fhir/bulkstatus/$1");
    const late = await bulk(statusUrl, { token: await as.researcher(), method: "DELETE", prefer: false });
    expect(late.status).toBe(409);
    expect((await bulk(manifest.output[0].url, { token: await as.researcher(), prefer: false })).status).toBe(200);
    // an unknown purpose header is refused at the gateway, before the research service
    const badPurpose = await bulk(exportPath(fresh.id), { token: await as.researcher(), headers: { "x-purpose-of-use": "SHOPPING" } });
    expect(badPurpose.status).toBe(400);
    expect((await outcome(badPurpose)).issue[0].diagnostics).toMatch(/unknown purpose of use/);
  });
});
