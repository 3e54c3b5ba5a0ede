import type { Variant } from "./rounds.js";

/** The benchmark's GraphQL operations, each with the variants it runs on (d: straight at the clinical subgraph). */
export interface Scenario {
  name: string;
  description: string;
  query: string;
  /** Variables for each request. */
  variables: () => Record<string, unknown>;
  headers?: Record<string, string>;
  /** Purpose and grant for the hub context (direct and plain-gateway variants sign it themselves). */
  purpose?: string;
  emergencyAccessId?: string;
  actor: "doctor" | "responder";
  variants: Variant[];
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

const PEERS: Variant[] = ["a", "b", "c", "h"];
const WITH_DIRECT: Variant[] = ["a", "b", "c", "h", "d"];

export function scenarios(consented: string[], heavy: string, cursors: string[], emergency: { patientId: string; grantId: string }): Scenario[] {
  return [
    {
      name: "summary-4-subgraphs", actor: "doctor", variants: PEERS,
      description: "patient summary across clinical, documents, eligibility and PHR (doctor with consent)",
      query: `query($id: ID!) { patient(id: $id) { name birthDate conditions { nodes { id display } } allergies { nodes { id display } }
        prescriptions { nodes { id display } } documents { nodes { id type } } eligibility { insurerNumber copayRatio } vitals(first: 3) { nodes { kind value } } } }`,
      variables: () => ({ id: pick(consented) }),
    },
    {
      name: "heavy-patient", actor: "doctor", variants: WITH_DIRECT,
      description: "one patient with 1,200 records from 10 institutions, 100 per list",
      query: `query($id: ID!) { patient(id: $id) { conditions(first: 100) { nodes { id display recordedAt } } labResults(first: 100) { nodes { id value unit set } }
        prescriptions(first: 100) { nodes { id display } } allergies(first: 100) { nodes { id display } } } }`,
      variables: () => ({ id: heavy }),
    },
    {
      name: "emergency-summary", actor: "responder", variants: WITH_DIRECT, purpose: "ETREAT", emergencyAccessId: emergency.grantId,
      headers: { "x-purpose-of-use": "ETREAT", "x-emergency-access": emergency.grantId },
      description: "a responder's emergency summary under an active grant",
      query: `query($id: ID!) { emergencySummary(patientId: $id) { patient { name } allergies { nodes { display } } contraindications { nodes { display } }
        infections { nodes { display } } activeConditions { nodes { display } } currentPrescriptions { nodes { display } } latestEmergencyLabs { nodes { display value } } } }`,
      variables: () => ({ id: emergency.patientId }),
    },
    {
      name: "list-pagination", actor: "doctor", variants: WITH_DIRECT,
      description: "pages of 20 conditions at random cursors of the heavy patient",
      query: `query($id: ID!, $after: String) { patient(id: $id) { conditions(first: 20, after: $after) { nodes { id display } pageInfo { hasNextPage endCursor } } } }`,
      variables: () => ({ id: heavy, after: pick(cursors) }),
    },
  ];
}
