/**
 * Wait for a condition, not for a time: poll `probe` until it returns a value other than `undefined` (or `false`).
 * The overall limit is generous (a busy machine makes the hub slower, never wrong) and only bounds a test that
 * would otherwise hang; no test relies on it as a budget.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, opts: { limitMs?: number; everyMs?: number } = {}): Promise<T> {
  const limit = Date.now() + (opts.limitMs ?? 180_000);
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what} after ${Math.round((opts.limitMs ?? 180_000) / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
