import { crawlTypedValue, isResourceType, toTypedValue, type TypedValue } from "@medplum/core";
import type { CodeableConcept, Coding, Resource } from "@medplum/fhirtypes";
import type { ValidationIssue } from "@hub/common";
import { issue } from "../issue.js";
import { isObject, type Json } from "../walk.js";
import { r4Definitions } from "./definitions.js";
import { concretePath } from "./issue-map.js";
import type { Expansion } from "./value-sets.js";

/** FHIR R4 `id` (a resource id): 1–64 of [A-Za-z0-9-.] (hl7.org/fhir/R4/datatypes.html#id). */
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Is a date (or the date part of a dateTime / instant) a day of the calendar? The format itself is stage 1's. */
function onCalendar(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const inSet = (vs: Expansion, c: Coding) => typeof c.code === "string" && typeof c.system === "string" && (vs.get(c.system)?.has(c.code) ?? false);
const anyCode = (vs: Expansion, code: string) => [...vs.values()].some((s) => s.has(code));
function shown(vs: Expansion): string {
  const all = [...vs.values()].flatMap((s) => [...s]);
  return all.length > 12 ? `${all.slice(0, 12).join(", ")}, …` : all.join(", ");
}

function bindingIssue(v: TypedValue, at: () => string, vs: Expansion, url: string, out: ValidationIssue[]): void {
  if (v.type === "code" && typeof v.value === "string" && !anyCode(vs, v.value)) {
    out.push(issue("fhir-code-value", at(), `"${v.value}" is not in the required value set ${url} (${shown(vs)})`));
  } else if (v.type === "Coding" && isObject(v.value) && !inSet(vs, v.value as Coding)) {
    out.push(issue("fhir-code-value", at(), `the coding is not in the required value set ${url}`));
  } else if (v.type === "CodeableConcept" && isObject(v.value)) {
    const codings = (v.value as CodeableConcept).coding ?? [];
    if (!codings.some((c) => inSet(vs, c))) out.push(issue("fhir-code-value", `${at()}.coding`, `a coding from the required value set ${url} is needed (${shown(vs)})`));
  }
}

/** Empty strings, arrays and objects are not FHIR JSON (hl7.org/fhir/R4/json.html: "no empty elements"). */
function emptyValues(v: unknown, path: string, out: ValidationIssue[]): void {
  if (typeof v === "string") { if (v.length === 0) out.push(issue("fhir-datatype", path, "empty strings are not allowed in FHIR JSON")); return; }
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(issue("fhir-datatype", path, "empty arrays are not allowed in FHIR JSON"));
    v.forEach((x, i) => emptyValues(x, `${path}[${i}]`, out));
    return;
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push(issue("fhir-datatype", path, "empty objects are not allowed in FHIR JSON"));
    for (const k of keys) emptyValues(v[k], path ? `${path}.${k}` : k, out);
  }
}

/**
 * The hub's FHIR R4 checks on top of the validator, for what @medplum/core leaves out (FHIR R4 datatypes and
 * terminology binding rules): codes of every `required` binding of the base specification (e.g. Patient.gender,
 * AllergyIntolerance.criticality, MedicationRequest.intent, the clinical status CodeableConcepts), calendar dates
 * (no 30 February), resource ids and empty values. Run after stage 1 has passed, on the same resource or Bundle.
 */
export function r4Rules(resource: Json): ValidationIssue[] {
  const { requiredValueSets } = r4Definitions();
  const out: ValidationIssue[] = [];
  emptyValues(resource, String(resource.resourceType ?? ""), out);
  crawlTypedValue(toTypedValue(resource as unknown as Resource), {
    visitProperty(_parent, key, _path, values, schema) {
      const el = schema.elements[key];
      const url = el?.binding?.strength === "required" && el.binding.valueSet ? el.binding.valueSet.split("|")[0] : undefined;
      const vs = url ? requiredValueSets.get(url) : undefined;
      for (const v of values.flat()) {
        if (v.value === undefined || v.value === null) continue;
        const at = () => concretePath(resource, v.path);
        if (vs) bindingIssue(v, at, vs, url!, out);
        if ((v.type === "date" || v.type === "dateTime" || v.type === "instant") && typeof v.value === "string" && !onCalendar(v.value)) {
          out.push(issue("fhir-datatype", at(), `${v.value} is not a day of the calendar`));
        }
        if (key === "id" && isResourceType(schema.name) && (typeof v.value !== "string" || !ID.test(v.value))) {
          out.push(issue("fhir-id", at(), "a resource id is 1–64 of [A-Za-z0-9-.]"));
        }
      }
    },
  });
  return out;
}
