// A frontend's use of the generated types: the compiler checks field names, nullability and enum values.
import type { FindInstitutionQuery, PatientSummaryQuery, PatientSummaryQueryVariables } from "./generated/graphql";

export const variables: PatientSummaryQueryVariables = { id: "P-0001", first: 5 };

export function headline(data: PatientSummaryQuery): string {
  const p = data.patient;
  if (!p) return "unknown patient";
  const gender = p.gender === "FEMALE" ? "女性" : p.gender === "MALE" ? "男性" : "—";
  const severe = p.allergies?.nodes.filter((a) => a.criticality === "HIGH").map((a) => a.display ?? "?") ?? [];
  const conditions = p.conditions?.nodes.map((c) => `${c.display ?? "?"} (${c.sourceOrganization.name})`) ?? [];
  return `${p.name ?? "(name withheld)"} ${gender} · ${conditions.join(", ")} · allergy: ${severe.join(", ") || "none"} · as ${data.me.role}`;
}

export function hospitals(data: FindInstitutionQuery): string[] {
  return data.organizations.nodes.filter((o) => o.kind === "HOSPITAL" && o.status === "ACTIVE").map((o) => `${o.id} ${o.name}`);
}
