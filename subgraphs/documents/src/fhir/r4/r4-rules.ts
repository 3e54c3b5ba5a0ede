import { isPrimitiveType, isResourceType, tryGetDataType, type InternalSchemaElement } from "@medplum/core";
import type { CodeableConcept, Coding } from "@medplum/fhirtypes";
import type { ValidationIssue } from "@hub/common";
import { issue } from "../issue.js";
import { isObject, type Json } from "../walk.js";
import { r4Definitions } from "./definitions.js";
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

function bindingIssue(type: string, value: unknown, path: string, vs: Expansion, url: string, out: ValidationIssue[]): void {
  if (type === "code" && typeof value === "string" && !anyCode(vs, value)) {
    out.push(issue("fhir-code-value", path, `"${value}" is not in the required value set ${url} (${shown(vs)})`));
  } else if (type === "Coding" && isObject(value) && !inSet(vs, value as Coding)) {
    out.push(issue("fhir-code-value", path, `the coding is not in the required value set ${url}`));
  } else if (type === "CodeableConcept" && isObject(value)) {
    const codings = (value as CodeableConcept).coding ?? [];
    if (!codings.some((c) => inSet(vs, c))) out.push(issue("fhir-code-value", `${path}.coding`, `a coding from the required value set ${url} is needed (${shown(vs)})`));
  }
}

/** The element a JSON property is, and its type: `valueQuantity` is `value[x]` of type Quantity. */
function elementOf(elements: Record<string, InternalSchemaElement>, key: string): { el: InternalSchemaElement; type: string } | undefined {
  const el = elements[key];
  if (el) return el.type.length === 1 ? { el, type: el.type[0].code } : undefined;
  for (let i = key.length - 1; i > 0; i--) {
    if (key[i] < "A" || key[i] > "Z") continue;
    const choice = elements[`${key.slice(0, i)}[x]`];
    const t = choice?.type.find((x) => x.code.toLowerCase() === key.slice(i).toLowerCase());
    if (choice && t) return { el: choice, type: t.code };
  }
  return undefined;
}

/**
 * Walk the JSON (present elements only) with the R4 definitions: each property's element definition gives its type
 * and binding. Unknown elements are left alone (stage 1 refused them already).
 */
function walk(value: Json, typeName: string, path: string, vsets: ReadonlyMap<string, Expansion>, out: ValidationIssue[]): void {
  const schema = tryGetDataType(typeName);
  if (!schema) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === "resourceType" || key.startsWith("_")) continue;
    const found = elementOf(schema.elements, key);
    if (!found) continue;
    const { el, type } = found;
    const url = el.binding?.strength === "required" && el.binding.valueSet ? el.binding.valueSet.split("|")[0] : undefined;
    const vs = url ? vsets.get(url) : undefined;
    const list = Array.isArray(v) ? v : [v];
    list.forEach((x, i) => {
      if (x === null || x === undefined) return;
      const at = Array.isArray(v) ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (vs) bindingIssue(type, x, at, vs, url!, out);
      if ((type === "date" || type === "dateTime" || type === "instant") && typeof x === "string" && !onCalendar(x)) {
        out.push(issue("fhir-datatype", at, `${x} is not a day of the calendar`));
      }
      if (key === "id" && isResourceType(typeName) && (typeof x !== "string" || !ID.test(x))) out.push(issue("fhir-id", at, "a resource id is 1–64 of [A-Za-z0-9-.]"));
      if (!isObject(x)) return;
      if (type === "Resource") { if (typeof x.resourceType === "string") walk(x, x.resourceType, at, vsets, out); }
      else if (!isPrimitiveType(type)) walk(x, type, at, vsets, out);
    });
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
  if (typeof resource.resourceType === "string") walk(resource, resource.resourceType, resource.resourceType, requiredValueSets, out);
  return out;
}
