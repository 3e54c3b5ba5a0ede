import { AsyncLocalStorage } from "node:async_hooks";
import DataLoader from "dataloader";

export const ROLES = [
  "doctor", "nurse", "pharmacist", "clerk", "patient", "emergency_responder", "phr_operator",
  "policy_admin", "data_steward", "researcher", "auditor", "system",
] as const;
export type Role = (typeof ROLES)[number];

/** HL7 v3 PurposeOfUse codes accepted in `x-purpose-of-use` (SPEC §4). */
export const PURPOSES = ["TREAT", "ETREAT", "PATRQT", "HRESCH", "HOPERAT", "PUBHLTH", "DISASTER"] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The caller as the hub sees it, after the gateway verified the token. */
export interface Actor {
  sub: string;
  role: Role;
  /** 10-digit institution code (staff and systems). */
  org?: string;
  /** Set for role `patient`: the patient the caller is. */
  patientId?: string;
  /** Authentication methods; contains "mfa" after two-factor login. */
  amr: string[];
  /** OAuth scopes (system clients). */
  scopes?: string[];
  /** System clients with a hub-issued token (`POST /oauth/token`): the registered client and the key it proved. */
  clientId?: string;
  clientKeyId?: string;
}

/** What the gateway signs and every subgraph verifies (SPEC §4). */
export interface HubContextClaims {
  requestId: string;
  actor: Actor;
  purpose: Purpose;
  emergencyAccessId?: string;
  /** The caller's address as the gateway saw it (TRUST_PROXY decides how), for the audit trail and logs. */
  clientAddress?: string;
}

/** Per-request state of a subgraph: the verified claims plus request-scoped caches. */
export interface RequestContext extends HubContextClaims {
  /** Request-scoped memo (decisions, loaded attributes, data loaders), keyed by owner. */
  memo: Map<string, unknown>;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context; throws when called outside a request (a programming error). */
export function requestContext(): RequestContext {
  const ctx = storage.getStore();
  if (!ctx) throw new Error("no request context: called outside a request");
  return ctx;
}

export function maybeRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Request-scoped memoisation: `memo("pdp", () => new Map())` returns the same object for the whole request. */
export function memo<T>(key: string, create: () => T): T {
  const ctx = requestContext();
  let value = ctx.memo.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    ctx.memo.set(key, value);
  }
  return value;
}

/**
 * A request-scoped batch loader: all loads of one tick become one batch call (entity references, demographics),
 * so the number of SQL queries does not grow with the number of records in a response.
 */
export function requestLoader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | null)[]>): DataLoader<K, V | null> {
  return memo(`loader:${key}`, () => new DataLoader<K, V | null>(batch));
}

/** Batch function for `requestLoader`: rows by primary key `id`, in the order asked, null when missing. */
export function byIds<V extends { id: string }>(find: (ids: string[]) => Promise<V[]>): (ids: readonly string[]) => Promise<(V | null)[]> {
  return async (ids) => {
    const byId = new Map((await find([...ids])).map((r) => [r.id, r]));
    return ids.map((i) => byId.get(i) ?? null);
  };
}
