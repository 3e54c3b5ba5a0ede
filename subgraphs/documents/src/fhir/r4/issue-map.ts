import type { OperationOutcomeIssue } from "@medplum/fhirtypes";
import type { ValidationIssue } from "@hub/common";

/**
 * A finding of the FHIR R4 validator (@medplum/core) as a hub issue with a stable rule id. The ids the hub's own
 * structure checks used are kept for the same kind of finding; an invariant keeps its FHIR constraint key (bdl-7,
 * ait-1, ext-1, …); anything else is `fhir-structure-<the validator's issue code>`. The mapping reads the
 * validator's message texts, so it is pinned with the exact version of @medplum/core (a unit test covers each kind).
 */
const KINDS: [RegExp, string][] = [
  [/^Missing required property/, "fhir-required"],
  [/^Invalid additional property/, "fhir-unknown-element"],
  [/^Unknown data type|^Unknown resource type/, "fhir-resource-type"],
  [/^Invalid number of values|^Incorrect number of values provided for slice/, "fhir-cardinality"],
  [/^Expected array of values|^Expected single value|^Invalid JSON type|^Invalid \w+ format|^Invalid null value|^Invalid empty|^Invalid numeric value|^Expected number to be|^String cannot be larger|^String must contain|^Conflicting choice of type properties/, "fhir-datatype"],
  [/^Value did not match expected pattern/, "fhir-pattern"],
  [/^Invalid reference/, "fhir-reference-type"],
];

export function ruleIdOf(i: OperationOutcomeIssue): string {
  const text = i.details?.text ?? "";
  if (i.code === "invariant") {
    const key = /^Constraint (\S+) not met/.exec(text)?.[1];
    if (key) return key;
  }
  return KINDS.find(([re]) => re.test(text))?.[1] ?? `fhir-structure-${i.code}`;
}

/** Warnings the validator gives that the hub does not pass on (see isNoise). */
const URN_REFERENCE = /^Invalid reference: got "(urn:(uuid|oid):|#)/;

/**
 * Medplum cannot tell the target type of a `urn:uuid:` (or contained `#`) reference and warns about every one; inside
 * a Bundle the hub resolves those references itself (doc-reference-resolves), so the warning carries no information.
 */
export const isNoise = (i: OperationOutcomeIssue) => i.severity !== "error" && URN_REFERENCE.test(i.details?.text ?? "");

/** Severity: errors refuse; a choice element given twice (`valueString` and `valueCode`) is an error in R4 JSON. */
function severityOf(i: OperationOutcomeIssue): "error" | "warning" {
  if (i.severity === "error" || i.severity === "fatal") return "error";
  return /^Conflicting choice of type properties/.test(i.details?.text ?? "") ? "error" : "warning";
}

const SEGMENT = /^([^[\]]+)(?:\[(\d+|x)\])?$/;

/**
 * The validator names a choice element by its definition (`Observation.value[x].value`); the path the hub reports
 * names the element as it is in the JSON (`Observation.valueQuantity.value`), found by walking the resource.
 */
export function concretePath(root: unknown, path: string): string {
  const [head, ...rest] = path.split(".");
  return [head, ...(resolve(root, rest) ?? rest)].join(".");
}

/**
 * The concrete segments for `segs` below `node`, or null when they lead nowhere. Where the validator leaves out an
 * array index (it does for some findings), the first element under which the rest of the path exists is taken.
 */
function resolve(node: unknown, segs: string[]): string[] | null {
  if (segs.length === 0) return [];
  if (typeof node !== "object" || node === null || Array.isArray(node)) return null;
  const m = SEGMENT.exec(segs[0]);
  if (!m) return null;
  const obj = node as Record<string, unknown>;
  const name = m[2] === "x" ? Object.keys(obj).find((k) => k.startsWith(m[1]) && /^[A-Z]/.test(k.slice(m[1].length))) : m[1];
  if (!name || !(name in obj)) return null;
  const v = obj[name];
  if (m[2] !== undefined && m[2] !== "x") {
    const rest = resolve(Array.isArray(v) ? v[Number(m[2])] : undefined, segs.slice(1));
    return rest && [`${name}[${m[2]}]`, ...rest];
  }
  if (Array.isArray(v) && segs.length > 1) {
    for (let i = 0; i < v.length; i++) {
      const rest = resolve(v[i], segs.slice(1));
      if (rest) return [`${name}[${i}]`, ...rest];
    }
    return null;
  }
  const rest = resolve(v, segs.slice(1));
  return rest && [name, ...rest];
}

/** The path of the first object holding `key`, depth first (some findings name only the property). */
function findKey(node: unknown, key: string, path: string): string | null {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) { const p = findKey(node[i], key, `${path}[${i}]`); if (p) return p; }
  } else if (typeof node === "object" && node !== null) {
    if (key in node) return `${path}.${key}`;
    for (const [k, v] of Object.entries(node)) { const p = findKey(v, key, `${path}.${k}`); if (p) return p; }
  }
  return null;
}

export function toValidationIssue(i: OperationOutcomeIssue, rootPath: string, root: unknown): ValidationIssue {
  const text = i.details?.text ?? i.diagnostics ?? "invalid";
  const expr = i.expression?.[0];
  const path = !expr ? rootPath : expr.includes(".") || expr === rootPath ? concretePath(root, expr) : findKey(root, expr, rootPath) ?? `${rootPath}.${expr}`;
  return { ruleId: ruleIdOf(i), path, message: `FHIR R4: ${text}`, severity: severityOf(i) };
}
