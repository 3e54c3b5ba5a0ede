import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLES_DIR } from "./build/examples.js";

/** The project's own examples (subgraphs/documents/examples, written by `npm run examples`): there on every clone. */
export type ExampleName =
  | "referral-57133-1" | "discharge-summary-18842-5" | "checkup-report-53576-5" | "patient-summary-56447-6"
  | "clins-condition" | "clins-allergy" | "clins-lab" | "clins-prescription";

/** A copy of a committed example exactly as committed. */
export const committedExample = (name: ExampleName): Record<string, any> => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), "utf8"));

/**
 * A fresh copy of a committed example (tests mutate it freely) with a fresh local part in its Bundle.identifier, as
 * every document an issuer sends has its own: the hub answers a repeated identifier with the existing document (or
 * CONFLICT when the content differs), so tests that register an example more than once would otherwise collide.
 */
export function example(name: ExampleName): Record<string, any> {
  const b = committedExample(name);
  if (typeof b.identifier?.value === "string") b.identifier.value = b.identifier.value.replace(/\^[^^]*$/, `^T${randomUUID().slice(0, 8)}`);
  return b;
}

export const committedExamples = (): string[] => readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();

/** The first entry of a Bundle with this resource type, and its index. */
export function entryOf(b: Record<string, any>, type: string, nth = 0): { index: number; resource: Record<string, any>; fullUrl: string } {
  const found = (b.entry as any[]).map((e, index) => ({ index, resource: e.resource, fullUrl: e.fullUrl })).filter((e) => e.resource.resourceType === type);
  if (!found[nth]) throw new Error(`no ${type} entry #${nth}`);
  return found[nth];
}
