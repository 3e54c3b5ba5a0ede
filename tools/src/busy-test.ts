import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/**
 * `npm run test:busy [-- --loops N] [vitest args]`: the whole suite while N busy loops (default 2, one per core
 * here) hold the CPU for the whole run, as on a shared machine. The suite must pass like this: tests wait for
 * conditions, never on fixed time budgets. Exits with vitest's status; the loops end with it.
 */
const args = process.argv.slice(2);
let loops = 2;
const i = args.indexOf("--loops");
if (i >= 0) {
  loops = Number(args[i + 1]);
  args.splice(i, 2);
  if (!Number.isInteger(loops) || loops < 0 || loops > 64) {
    console.error("--loops takes a whole number from 0 to 64");
    process.exit(2);
  }
}
const busy: ChildProcess[] = Array.from({ length: loops }, () =>
  spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
const stopLoops = () => { for (const b of busy) b.kill("SIGKILL"); };
process.on("exit", stopLoops);
console.log(`test:busy: ${loops} busy loop(s) running beside the suite`);
const started = Date.now();
// vitest's command-line entry (the package exports no subpath for it); npm workspaces hoist it to the root.
const vitestBin = join(__dirname, "..", "..", "node_modules", "vitest", "vitest.mjs");
const vitest = spawn(process.execPath, [vitestBin, "run", ...args], { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => vitest.kill(sig));
vitest.on("exit", (code, signal) => {
  stopLoops();
  console.log(`test:busy: vitest exited with ${code ?? signal} after ${Math.round((Date.now() - started) / 1000)} s beside ${loops} busy loop(s)`);
  process.exit(code ?? 1);
});
