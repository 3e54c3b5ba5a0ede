import type { ValidationIssue } from "@hub/common";
import { issue } from "./issue.js";
import { INSTITUTION_SYSTEM, entries, identifiers, isObject, type Json } from "./walk.js";

export const INSURANCE_MEMBER_SYSTEM = "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID";
const LOCAL_ID_PREFIX = "urn:oid:1.2.392.100495.20.3.51.1";



/**
 * JP-CLINS rules on the Patient and institutions (IG invariants, RULES.md): R1012 one insured-person identifier,
 * R1013 its format 保険者番号(8):記号:番号:枝番, R1010 local patient id system, R1113 no full-width space in names,
 * R1021 10-digit institution numbers.
 */
export function patientRules(bundle: Json): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const e of entries(bundle)) {
    const base = `Bundle.entry[${e.index}].resource`;
    if (e.resource.resourceType === "Patient") {
      const ids = identifiers(e.resource);
      const insured = ids.filter((i) => i.system === INSURANCE_MEMBER_SYSTEM);
      if (insured.length !== 1) out.push(issue("R1012", `${base}.identifier`, `exactly one identifier with system ${INSURANCE_MEMBER_SYSTEM} is required, found ${insured.length}`));
      for (const i of insured) {
        if (typeof i.value !== "string" || !/^\d{8}:[^:\s　]+:[^:\s　]+:(\d{2})?$/.test(i.value)) {
          out.push(issue("R1013", `${base}.identifier.value`, "insured id must be 保険者番号(8 digits):記号:番号:枝番(empty or 2 digits), without spaces or extra colons"));
        }
      }
      for (const i of ids) {
        if (i.system?.startsWith("urn:oid:1.2.392.100495.20.3.51.") && !/^urn:oid:1\.2\.392\.100495\.20\.3\.51\.1\d{10}$/.test(i.system)) {
          out.push(issue("R1010", `${base}.identifier.system`, `a local patient id system is ${LOCAL_ID_PREFIX} + 10-digit institution number`));
        }
      }
      const names = Array.isArray(e.resource.name) ? (e.resource.name as Json[]) : [];
      if (names.some((n) => isObject(n) && JSON.stringify([n.text, n.family, n.given]).includes("　"))) {
        out.push(issue("R1113", `${base}.name`, "names must not contain a full-width space"));
      }
    }
    if (e.resource.resourceType === "Organization") {
      for (const i of identifiers(e.resource)) {
        if (i.system === INSTITUTION_SYSTEM && (typeof i.value !== "string" || !/^\d{10}$/.test(i.value))) {
          out.push(issue("R1021", `${base}.identifier.value`, "an institution number has 10 digits (prefecture 2 + category + number)"));
        }
      }
    }
  }
  return out;
}

/** The insured-person identifier of the Bundle's Patient (how the hub matches the patient). */
export function insuredIdOf(bundle: Json): string | null {
  const p = entries(bundle).find((e) => e.resource.resourceType === "Patient");
  const id = p ? identifiers(p.resource).find((i) => i.system === INSURANCE_MEMBER_SYSTEM) : undefined;
  return typeof id?.value === "string" ? id.value : null;
}
