import type { AuditEventInput } from "../audit/audit-store.js";

/** What the attribute stores need from a database: parameterised queries (a DataSource or a transaction's manager). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Runs `fn` in one transaction on the attribute database. */
export type Transact = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

/**
 * The attribute stores' seams, set once by `initPolicyEngine`: the database that holds consents, seals, card
 * readings and grants; the audit append inside a caller's transaction (a write and its audit event commit together);
 * and the request runtime's cache, which a write in the middle of a request must invalidate.
 */
export interface AttributeContext {
  db: Queryable;
  transaction: Transact;
  appendAudit(tx: Queryable, events: AuditEventInput[]): Promise<void>;
  forget(patientId: string): void;
}

let current: AttributeContext | undefined;

export function setAttributeContext(c: AttributeContext): void {
  current = c;
}

export function attributeContext(): AttributeContext {
  if (!current) throw new Error("policy engine not initialised: attribute stores are unavailable");
  return current;
}

/** Rows of a query answer (TypeORM answers UPDATE/DELETE … RETURNING with `[rows, count]`): one home, in common. */
export { rowsOf } from "@hub/common";

/** Run `fn` in the caller's transaction when given, else in a new one. */
export function inTransaction<T>(tx: Queryable | undefined, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : attributeContext().transaction(fn);
}
