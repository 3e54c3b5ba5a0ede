import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLES_DIR } from "./build/examples.js";

/** The project's own examples (subgraphs/documents/examples, written by `npm run examples`): there on every clone. */
export type ExampleName =
  | "referral-57133-1" | "discharge-summary-18842-5" | "checkup-report-53576-5" | "patient-summary-56447-6"
  | "clins-condition" | "clins-allergy" | "clins-lab" | "clins-prescription";

/** A fresh copy of a committed example (tests mutate it freely). */
export const example = (name: ExampleName): Record<string, any> => JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), "utf8"));

export const committedExamples = (): string[] => readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();

/** The first entry of a Bundle with this resource type, and its index. */
export function entryOf(b: Record<string, any>, type: string, nth = 0): { index: number; resource: Record<string, any>; fullUrl: string } {
  const found = (b.entry as any[]).map((e, index) => ({ index, resource: e.resource, fullUrl: e.fullUrl })).filter((e) => e.resource.resourceType === type);
  if (!found[nth]) throw new Error(`no ${type} entry #${nth}`);
  return found[nth];
}
