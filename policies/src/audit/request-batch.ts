import { RequestSlot } from "@hub/common";
import type { AuditEventInput } from "./audit-store.js";

/**
 * One audit append for the subgraph calls of one gateway request that this process serves at the same time (issue
 * #23): the gateway sends a summary's entity fetches to several subgraphs at once, and each call must have its
 * events committed before its response leaves (fail closed). A call that is ready to write while a sibling call is
 * still deciding parks its events; the last of them to finish writes everyone's events in one statement, and every
 * parked call is answered with that write's outcome. The gateway waits for all the calls of a step of its query plan
 * anyway, so parking delays no answer the caller sees.
 *
 * Siblings are the calls sharing the gateway request's state (`shared-state.ts`: the same verified claims, one
 * process); a call without shared state (a replayed context, a single call) writes at once, as before. A call counts
 * as deciding from its first recorded decision until it writes. If a sibling has not written after `PARK_LIMIT_MS`
 * (a call that failed before writing, or one much slower than the others), the parked events are written without it.
 */
export const PARK_LIMIT_MS = 25;

interface Waiter { resolve(): void; reject(e: unknown): void }
interface Joint { deciding: number; parked: AuditEventInput[]; waiters: Waiter[]; timer?: NodeJS.Timeout }

const joint = new RequestSlot<Joint>("audit.joint", () => ({ deciding: 0, parked: [], waiters: [] }), "gateway-request");
/** Whether this call has counted itself as deciding (per call). */
const counted = new RequestSlot("audit.counted", () => ({ yes: false }));

/** This call has recorded a decision: until it writes, sibling calls that are ready wait for it. */
export function deciding(): void {
  const c = counted.get();
  if (c.yes) return;
  c.yes = true;
  joint.get().deciding += 1;
}

/**
 * Write this call's events (possibly none) together with those of sibling calls: at once when no sibling is still
 * deciding, else parked until the last of them writes. Resolves when the write that carried this call's events has
 * committed; rejects with its error.
 */
export function writeJointly(events: AuditEventInput[], append: (events: AuditEventInput[]) => Promise<void>): Promise<void> {
  // No call of this request has decided anything: nothing to write and no one waiting (most calls' hot path).
  const j = joint.peek();
  if (!j) return Promise.resolve();
  const c = counted.peek();
  if (c?.yes) {
    c.yes = false;
    j.deciding -= 1;
  }
  if (j.deciding > 0) {
    if (events.length === 0) return Promise.resolve();
    j.parked.push(...events);
    const parked = new Promise<void>((resolve, reject) => j.waiters.push({ resolve, reject }));
    j.timer ??= setTimeout(() => release(j, [], append), PARK_LIMIT_MS);
    return parked;
  }
  return release(j, events, append);
}

/** Append the parked events and `events` in one write; answer every parked call with its outcome. */
function release(j: Joint, events: AuditEventInput[], append: (events: AuditEventInput[]) => Promise<void>): Promise<void> {
  if (j.timer) clearTimeout(j.timer);
  j.timer = undefined;
  const all = [...j.parked, ...events];
  const waiters = j.waiters;
  j.parked = [];
  j.waiters = [];
  const written = append(all);
  written.then(() => waiters.forEach((w) => w.resolve()), (e: unknown) => waiters.forEach((w) => w.reject(e)));
  return written;
}
