import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/**
 * `npm run test:busy [-- --loops N] [--runs R] [vitest args]`: the whole suite R times in a row (default 1) while
 * N busy loops (default 2, one per core here) hold the CPU for the whole time, as on a shared machine. The suite
 * must pass like this: tests wait for conditions, never on fixed time budgets. It stops at the first failing run,
 * prints one line per run and exits with that run's status; the loops end with it.
 */
const args = process.argv.slice(2);
function intOption(name: string, fallback: number, max: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  args.splice(i, 2);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`${name} takes a whole number from 0 to ${max}`);
    process.exit(2);
  }
  return value;
}
const loops = intOption("--loops", 2, 64);
const runs = Math.max(1, intOption("--runs", 1, 20));
const busy: ChildProcess[] = Array.from({ length: loops }, () =>
  spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
const stopLoops = () => { for (const b of busy) b.kill("SIGKILL"); };
process.on("exit", stopLoops);
console.log(`test:busy: ${loops} busy loop(s) running beside ${runs} run(s) of the suite`);
// vitest's command-line entry (the package exports no subpath for it); npm workspaces hoist it to the root.
const vitestBin = join(__dirname, "..", "..", "node_modules", "vitest", "vitest.mjs");
let current: ChildProcess | undefined;
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => current?.kill(sig));

function runOnce(run: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    current = spawn(process.execPath, [vitestBin, "run", ...args], { stdio: "inherit" });
    current.on("exit", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`test:busy: run ${run} of ${runs}: vitest exited with ${code ?? signal} after ${seconds} s beside ${loops} busy loop(s)`);
      resolve(code ?? 1);
    });
  });
}

void (async () => {
  for (let run = 1; run <= runs; run++) {
    const code = await runOnce(run);
    if (code !== 0) process.exit(code);
  }
  console.log(`test:busy: ${runs} run(s) in a row passed beside ${loops} busy loop(s)`);
  process.exit(0);
})();
