import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLES_DIR, exampleBundles, exampleText } from "@hub/documents";

/**
 * `npm run examples`: write the project's own JP-CLINS examples (every document kind, a JP_Bundle_CLINS collection per
 * resource type) from the typed builders to subgraphs/documents/examples/. A unit test fails when they are stale.
 */
mkdirSync(EXAMPLES_DIR, { recursive: true });
const all = exampleBundles();
for (const [name, bundle] of Object.entries(all)) writeFileSync(join(EXAMPLES_DIR, `${name}.json`), exampleText(bundle));
console.log(`wrote ${Object.keys(all).length} examples to ${EXAMPLES_DIR}`);
