import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The IG's own examples (CC BY-ND 4.0): read, never modified; variants are built in memory. They live in the
 * shared folder beside the repository (as in CI), or where JP_CLINS_FIXTURES points.
 */
export const FIXTURES = process.env.JP_CLINS_FIXTURES ?? join(__dirname, "..", "..", "..", "..", "..", "shared", "fixtures", "jp-clins");
export const fixturesPresent = existsSync(FIXTURES);
if (!fixturesPresent) console.warn(`JP-CLINS fixtures not found at ${FIXTURES}: the document check tests are skipped (set JP_CLINS_FIXTURES)`);

export const load = (rel: string) => JSON.parse(readFileSync(join(FIXTURES, rel), "utf8")) as Record<string, any>;

/** Every JSON file under a fixture folder, relative to the fixture root. */
export function jsonFiles(dir: string): string[] {
  const root = join(FIXTURES, dir);
  if (!existsSync(root)) return [];
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith(".json") ? [join(d, n)] : []));
  return walk(root).map((f) => relative(FIXTURES, f)).sort();
}
