import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { targetsOf, writeReadmeTable, type Report } from "./report.js";

/** `node tools/dist/bench/readme.js bench/results/<file>.json`: regenerate the README's bench table from a results file. */
const file = resolve(process.argv[2] ?? "");
const stored = JSON.parse(readFileSync(file, "utf8")) as Report;
const report: Report = { ...stored, targets: targetsOf(stored) };
console.log(writeReadmeTable(join(__dirname, "..", "..", "..", "README.md"), report, file));
for (const [k, v] of Object.entries(report.targets)) console.log(`  ${v ? "met " : "MISS"}  ${k}`);
