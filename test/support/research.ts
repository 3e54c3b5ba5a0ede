import { expect } from "vitest";
import { as, gql, token } from "./client.js";
import { waitFor } from "./wait.js";

export const steward = () => token({ role: "data_steward", sub: "ST-001" });
export const otherResearcher = () => token({ role: "researcher", sub: "R-002" });
export const REQUEST = `mutation($input: SubmitDatasetRequestInput!) { submitDatasetRequest(input: $input) { id projectId status k categories processing } }`;
export const REVIEW = `mutation($id: ID!, $d: ReviewDecision!, $k: Int) { reviewDatasetRequest(id: $id, decision: $d, k: $k, conditions: "学内倫理審査承認済み; 再識別の試み禁止") { id status reviewedBy conditions k } }`;
export const JOB = `id status progress phase counts errors output { type url count } manifest anonymity { k level ageBandYears prefectureDropped cohortPatients releasedPatients suppressedPatients smallestReleasedGroup }`;

/** "Diabetes patients 40–69 in Tokyo, HbA1c and prescriptions 2024–2025". */
export const DIABETES = {
  projectName: "2型糖尿病の血糖管理と処方の実態", purpose: "HRESCH", legalBasis: "ACADEMIC_RESEARCH", requesterKind: "ACADEMIC_INSTITUTION",
  requesterOrganization: "東京大学 医学系研究科",
  categories: ["LAB_LIFESTYLE", "PRESCRIPTION"], fields: ["VALUE", "DATE", "SUPPLY"],
  filters: { ageRange: { min: 40, max: 69 }, prefectures: ["13"], conditionCodes: ["E11"], codes: [{ category: "LAB_LIFESTYLE", codes: ["3D046"] }],
    period: { from: "2024-01-01", to: "2025-12-31" } },
};

export async function submitApproved(input: Record<string, unknown>, k?: number): Promise<{ id: string; projectId: string }> {
  const r = await gql<any>(REQUEST, { token: await as.researcher(), variables: { input } });
  expect(r.errors).toBeUndefined();
  const rev = await gql<any>(REVIEW, { token: await steward(), variables: { id: r.data.submitDatasetRequest.id, d: "APPROVE", k } });
  expect(rev.data.reviewDatasetRequest).toMatchObject({ status: "APPROVED", reviewedBy: "ST-001" });
  return r.data.submitDatasetRequest;
}

export async function waitForJob(id: string): Promise<any> {
  return waitFor(`extraction job ${id} to finish`, async () => {
    const r = await gql<any>(`{ extractionJob(id: "${id}") { ${JOB} } }`, { token: await as.researcher() });
    const job = r.data?.extractionJob;
    return job && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.status) ? job : undefined;
  });
}

export async function extract(requestId: string): Promise<any> {
  const run = await gql<any>(`mutation { runExtraction(requestId: "${requestId}") { id status } }`, { token: await as.researcher() });
  expect(run.errors).toBeUndefined();
  expect(["QUEUED", "RUNNING"]).toContain(run.data.runExtraction.status);
  const job = await waitForJob(run.data.runExtraction.id);
  expect(job.status).toBe("SUCCEEDED");
  return job;
}

/** Every line of an output file, page by page. */
export async function download(jobId: string, type: string): Promise<any[]> {
  const lines: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r: any = await gql<any>(`query($a: String) { extractionFile(jobId: "${jobId}", type: "${type}", first: 25, after: $a) { lines pageInfo { hasNextPage endCursor } } }`,
      { token: await as.researcher(), variables: { a: after } });
    expect(r.errors).toBeUndefined();
    lines.push(...r.data.extractionFile.lines);
    if (!r.data.extractionFile.pageInfo.hasNextPage) return lines.map((l) => JSON.parse(l));
    after = r.data.extractionFile.pageInfo.endCursor;
  }
}

/** The quasi-identifier class of a released Patient: age band, sex, prefecture (or * when dropped). */
export const classOf = (p: any) => `${p.extension[0].valueRange.low.value}|${p.gender}|${p.address?.[0]?.state ?? "*"}`;

export function smallestClass(patients: any[]): number {
  const classes = new Map<string, number>();
  for (const p of patients) classes.set(classOf(p), (classes.get(classOf(p)) ?? 0) + 1);
  return Math.min(...classes.values());
}
