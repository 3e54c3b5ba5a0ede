import type { DataSource, EntityManager } from "typeorm";
import { rowsOf } from "@hub/common";

export type Row = Record<string, any>;

/**
 * The little the extraction needs from a database: parameterised queries returning rows, and a transaction.
 * Backed by the service's TypeORM DataSource in the hub, or by a plain `pg` client in tests and the bench.
 */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<Row[]>;
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
}


function fromManager(m: EntityManager): Sql {
  return { query: async (t, p) => rowsOf<Row>(await m.query(t, p)), tx: (fn) => fn(fromManager(m)) };
}

export function sqlOf(ds: DataSource): Sql {
  return {
    query: async (t, p) => rowsOf<Row>(await ds.query(t, p)),
    tx: (fn) => ds.transaction((m) => fn(fromManager(m))),
  };
}

/** A `pg` client (tests, bench). */
export function sqlOfClient(c: { query(t: string, p?: unknown[]): Promise<{ rows: Row[] }> }): Sql {
  const self: Sql = {
    query: async (t, p) => (await c.query(t, p)).rows,
    async tx(fn) {
      await c.query("BEGIN");
      try {
        const r = await fn({ query: self.query, tx: (f) => f(self) });
        await c.query("COMMIT");
        return r;
      } catch (e) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw e;
      }
    },
  };
  return self;
}
