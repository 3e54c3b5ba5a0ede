import { describe, expect, it } from "vitest";
import { as, etreat, gql, token } from "./support/client.js";
import { validateDocumentBundle, validateResource } from "../subgraphs/documents/src/fhir/validate.js";

const LIST = (name: string) => `${name}(first: 100) { nodes { id fhir } }`;
const EVERYTHING = `query($id: ID!) { patient(id: $id) {
  ${LIST("conditions")} ${LIST("allergies")} ${LIST("infections")} ${LIST("contraindications")} ${LIST("prescriptions")}
  emergencyLabs: labResults(set: EMERGENCY, first: 100) { nodes { id fhir } } lifestyleLabs: labResults(set: LIFESTYLE, first: 100) { nodes { id fhir } }
  documents(first: 100) { nodes { id type fhir } } } }`;
const NODES = "{ nodes { id fhir } }";
const SUMMARY = `query($id: ID!) { emergencySummary(patientId: $id) { allergies ${NODES} contraindications ${NODES} infections ${NODES}
  activeConditions ${NODES} currentPrescriptions ${NODES} ${LIST("latestEmergencyLabs")} latestDischargeSummary { id fhir } } }`;

/** Every `fhir` value anywhere in a response. */
function fhirValues(v: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(v)) v.forEach((x) => fhirValues(x, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { if (k === "fhir" && x) out.push(x as Record<string, any>); else fhirValues(x, out); }
  return out;
}

/** A document Bundle gets the document checks; a record the resource checks (FHIR R4 and the JP-CLINS rules). */
const issuesOf = (r: Record<string, any>) => (r.resourceType === "Bundle" ? validateDocumentBundle(r) : validateResource(r));

function expectAllValid(values: Record<string, any>[], who: string): void {
  const bad = values.map((r) => ({ id: r.id ?? r.identifier?.value, type: r.resourceType, issues: issuesOf(r) })).filter((x) => x.issues.length > 0);
  expect(bad, `${who}: ${JSON.stringify(bad, null, 1).slice(0, 3000)}`).toEqual([]);
}

/** Issue #20: a real validator accepts everything the hub returns, for every demo patient, whoever asks. */
describe("every FHIR value the API returns validates", () => {
  for (const id of ["P-0001", "P-0002", "P-0003"]) {
    it(`${id}: as the patient herself, as a consented doctor, and in the emergency summary`, async () => {
      const own = await gql<any>(EVERYTHING, { token: await as.patient(id), variables: { id } });
      expect(own.errors).toBeUndefined();
      const mine = fhirValues(own.data);
      expect(mine.length).toBeGreaterThanOrEqual(5);
      expectAllValid(mine, `${id} as the patient`);

      // P-0001 has consented to hospital B; the others consent for this test and revoke afterwards
      const patient = await as.patient(id);
      const grant = id === "P-0001" ? null : await gql<any>(`mutation { grantConsent(input: { organizationId: "1310000002" }) { id } }`, { token: patient });
      try {
        const seen = await gql<any>(EVERYTHING, { token: await as.doctorB(), variables: { id } });
        expect(seen.errors).toBeUndefined();
        const doctors = fhirValues(seen.data);
        expect(doctors.length).toBeGreaterThanOrEqual(mine.length);
        expectAllValid(doctors, `${id} as doctor D-001`);
      } finally {
        if (grant) await gql(`mutation { revokeConsent(id: "${grant.data.grantConsent.id}") { status } }`, { token: patient });
      }

      const responder = await token({ role: "emergency_responder", sub: `ER-FHIR-${id}`, org: "1310000009", mfa: true });
      const started = await gql<any>(`mutation($p: ID!) { startEmergencyAccess(input: { patientId: $p, reason: EMERGENCY, justification: "意識障害で搬送、本人確認のみ可能" }) { id } }`,
        { token: responder, variables: { p: id } });
      expect(started.errors).toBeUndefined();
      const summary = await gql<any>(SUMMARY, { token: responder, variables: { id }, headers: etreat(started.data.startEmergencyAccess.id) });
      expect(summary.errors, JSON.stringify(summary.errors)).toBeUndefined();
      const emergency = fhirValues(summary.data);
      expect(emergency.length).toBeGreaterThan(0);
      expectAllValid(emergency, `${id} emergency summary`);
      await gql(`mutation { endEmergencyAccess(id: "${started.data.startEmergencyAccess.id}") { id } }`, { token: responder });
    });
  }
});
