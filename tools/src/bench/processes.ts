import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Child {
  proc: ChildProcess;
  ready: Record<string, unknown> & { line: string };
  stop(): Promise<void>;
  rssBytes(): number;
}

/** BENCH_PROFILE=<dir>: every process the bench starts writes a V8 CPU profile there when it stops (where the time goes). */
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];

/** Start a node script, wait for its ready line (`PREFIX {json}` or `PREFIX url`). */
export async function startChild(script: string, env: Record<string, string>, prefix: string): Promise<Child> {
  const proc = spawn(process.execPath, [...profile, join(__dirname, "..", script)], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready in 120 s:\n${log.slice(-3000)}`)), 120_000);
    proc.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      const m = log.match(new RegExp(`^${prefix} (.*)$`, "m"));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.stderr!.on("data", (d: Buffer) => { log += d.toString(); });
    proc.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${script} exited (${code}):\n${log.slice(-3000)}`)); });
  });
  const parsed = ready.startsWith("{") ? (JSON.parse(ready) as Record<string, unknown>) : {};
  return {
    proc,
    ready: { ...parsed, line: ready },
    stop: () => new Promise<void>((r) => { proc.once("exit", () => r()); proc.kill("SIGTERM"); setTimeout(() => proc.kill("SIGKILL"), 10_000).unref(); }),
    rssBytes: () => {
      try {
        const m = readFileSync(`/proc/${proc.pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
        return m ? Number(m[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
  };
}
