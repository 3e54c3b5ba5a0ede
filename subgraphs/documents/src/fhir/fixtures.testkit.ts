import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The IG's own examples (CC BY-ND 4.0): read, never modified, never committed; variants are built in memory. They
 * live in the shared folder beside the repository (as in CI), or where JP_CLINS_FIXTURES points. They are an
 * additional conformance suite; every other test uses the project's own examples (examples.testkit.ts).
 */
export const FIXTURES = process.env.JP_CLINS_FIXTURES ?? join(__dirname, "..", "..", "..", "..", "..", "shared", "fixtures", "jp-clins");
/** Present in CI; a fresh clone has no ../shared: vitest.config.mts says so once and only the IG conformance suite is skipped. */
export const fixturesPresent = existsSync(FIXTURES);

export const load = (rel: string) => JSON.parse(readFileSync(join(FIXTURES, rel), "utf8")) as Record<string, any>;

/** Every JSON file under a fixture folder, relative to the fixture root. */
export function jsonFiles(dir: string): string[] {
  const root = join(FIXTURES, dir);
  if (!existsSync(root)) return [];
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith(".json") ? [join(d, n)] : []));
  return walk(root).map((f) => relative(FIXTURES, f)).sort();
}
