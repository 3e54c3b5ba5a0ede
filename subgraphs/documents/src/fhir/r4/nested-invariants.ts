import { LRUCache, evalFhirPathTyped, getDataType, toTypedValue, type FhirPathAtom, type TypedValue } from "@medplum/core";
import type { ValidationIssue } from "@hub/common";
import { issue, warning } from "../issue.js";
import { isObject, type Json } from "../walk.js";

/** Constraint keys @medplum/core does not evaluate either (its validator's own list: not expressible or too costly). */
const SKIPPED = new Set(["ele-1", "dom-3", "org-1", "sdf-19"]);
const cache = new LRUCache<FhirPathAtom>(1000);
const UCUM = toTypedValue("http://unitsofmeasure.org");

/** Resources inside a resource, with their paths: Bundle entries (and nested Bundles) and contained resources. */
function nested(r: Json, path: string, out: { resource: Json; path: string }[] = []): { resource: Json; path: string }[] {
  (Array.isArray(r.contained) ? r.contained : []).forEach((c, i) => {
    if (isObject(c)) { out.push({ resource: c, path: `${path}.contained[${i}]` }); nested(c, `${path}.contained[${i}]`, out); }
  });
  if (r.resourceType === "Bundle" && Array.isArray(r.entry)) {
    r.entry.forEach((e, i) => {
      if (isObject(e) && isObject(e.resource)) { out.push({ resource: e.resource, path: `${path}.entry[${i}].resource` }); nested(e.resource, `${path}.entry[${i}].resource`, out); }
    });
  }
  return out;
}

/**
 * The invariants on the root of every resource inside a Bundle or contained in another (ait-1, obs-6, con-3, dom-2,
 * dom-4, …). @medplum/core evaluates a resource type's own invariants only for the resource it is given, so the hub
 * evaluates them for the nested ones the same way (FHIRPath with %resource, %rootResource, %context and %ucum).
 */
export function nestedRootInvariants(root: Json, rootPath: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const rootValue = toTypedValue(root);
  for (const { resource, path } of nested(root, rootPath)) {
    const constraints = getDataType(String(resource.resourceType)).constraints ?? [];
    const self: TypedValue = toTypedValue(resource);
    for (const c of constraints) {
      if (c.severity !== "error" || SKIPPED.has(c.key)) continue;
      try {
        const result = evalFhirPathTyped(c.expression, [self], { "%context": self, "%resource": self, "%rootResource": rootValue, "%ucum": UCUM }, cache);
        if (!(result.length === 1 && result[0].value === true)) out.push(issue(c.key, path, `FHIR R4: Constraint ${c.key} not met: ${c.description}`));
      } catch (e) {
        out.push(warning("fhir-invariant-unevaluated", path, `constraint ${c.key} could not be evaluated: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
  }
  return out;
}
