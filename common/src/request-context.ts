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

/**
 * A piece of request-scoped state owned by one module (its decisions, the attributes it loaded, pending audit events,
 * a data loader): declared once beside its owner, typed, created on first use in each request and gone with it.
 * The request context holds slots, never string-keyed values, so what a request carries is visible where it is
 * declared and every reader gets the type its owner gave it.
 */
export class RequestSlot<T> {
  constructor(
    /** For debugging only: slots are told apart by identity, so two owners may reuse a name safely. */
    readonly name: string,
    private readonly create: () => T,
    /**
     * "gateway-request": one value for every subgraph call of one gateway request that this process serves (the
     * context's `shared` state, see `shared-state.ts`), where there is one; otherwise per call, like "call".
     */
    readonly scope: "call" | "gateway-request" = "call",
  ) {}

  private stateOf(ctx: RequestContext): RequestState {
    return this.scope === "gateway-request" ? ctx.shared ?? ctx.state : ctx.state;
  }

  /** This request's value, created on first use. Throws outside a request (a programming error). */
  get(): T {
    const state = this.stateOf(requestContext());
    if (state.has(this)) return state.get(this) as T;
    const value = this.create();
    state.set(this, value);
    return value;
  }

  /** This request's value if it was created (undefined outside a request or before first use). */
  peek(): T | undefined {
    const ctx = maybeRequestContext();
    return ctx ? (this.stateOf(ctx).get(this) as T | undefined) : undefined;
  }

  /** Forget this request's value: the next `get` creates it afresh. */
  clear(): void {
    const ctx = maybeRequestContext();
    if (ctx) this.stateOf(ctx).delete(this);
  }
}

/** State owned by the slots that declared it; read and written only through them. */
export type RequestState = Map<RequestSlot<unknown>, unknown>;

/** Per-request state of a subgraph: the verified claims plus the request-scoped state of each owner (`RequestSlot`). */
export interface RequestContext extends HubContextClaims {
  readonly state: RequestState;
  /** State shared by the subgraph calls of one gateway request in this process, for slots scoped so (`shared-state.ts`). */
  readonly shared?: RequestState;
}

/** The context of a request with these verified claims, its state empty. */
export function newRequestContext(claims: HubContextClaims, shared?: RequestState): RequestContext {
  return { ...claims, state: new Map(), ...(shared ? { shared } : {}) };
}

/** The claims a context was made from (what the gateway signs for a subgraph), without its request state. */
export function claimsOf(ctx: RequestContext): HubContextClaims {
  const { state: _state, shared: _shared, ...claims } = ctx;
  return claims;
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

/**
 * A request-scoped batch loader, declared once beside its owner: all loads of one tick become one batch call
 * (entity references, demographics), so the number of SQL queries does not grow with the number of records in a
 * response. `loader.get().load(id)` inside a request.
 */
export function requestLoader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | null)[]>): RequestSlot<DataLoader<K, V | null>> {
  return new RequestSlot(`loader:${name}`, () => new DataLoader<K, V | null>(batch));
}

/** Batch function for `requestLoader`: rows by primary key `id`, in the order asked, null when missing. */
export function byIds<V extends { id: string }>(find: (ids: string[]) => Promise<V[]>): (ids: readonly string[]) => Promise<(V | null)[]> {
  return async (ids) => {
    const byId = new Map((await find([...ids])).map((r) => [r.id, r]));
    return ids.map((i) => byId.get(i) ?? null);
  };
}
