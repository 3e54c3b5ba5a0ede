import type { DataCategory } from "@hub/common";

/**
 * What a scoped attribute (a seal, a consent) can be about: the attributes of one record that a scope field
 * constrains. Every path that asks "does this attribute cover this record?" passes one of these, whether the record
 * is in memory (TypeScript) or a row in a query (SQL).
 */
export interface RecordRef {
  category: DataCategory;
  sourceOrgId?: string;
  recordId?: string;
}

/** SQL expressions for the same attributes of a row (for example `r.category`, `r.source_org_id`, `r.id`). */
export interface RecordColumns {
  category?: string;
  sourceOrg?: string;
  id: string;
}

/** Turns a value into a bound parameter placeholder (`$3`, `:p3`): fragments never inline values. */
export type Bind = (value: unknown, cast?: string) => string;

/**
 * One field of a scope: which record attribute it constrains, whether the attribute holds one value or a list, and
 * its column in the owner's table. A field that is null on the attribute does not constrain; scope fields combine
 * with AND (SPEC §6: `{ sourceOrganizationId: A, category: CONDITION }` covers A's conditions and nothing else).
 */
export interface ScopeField<A> {
  name: string;
  get(a: A): string | readonly string[] | null;
  record: keyof RecordColumns;
  many: boolean;
  column: string;
}

const recordValue = (r: RecordRef, k: keyof RecordColumns): string | undefined =>
  k === "category" ? r.category : k === "sourceOrg" ? r.sourceOrgId : r.recordId;

/** The TypeScript form: does the attribute cover the record? Every non-null field must match. */
export function scopeCovers<A>(fields: readonly ScopeField<A>[], a: A, r: RecordRef): boolean {
  for (const f of fields) {
    const want = f.get(a);
    if (want === null) continue;
    const have = recordValue(r, f.record);
    if (have === undefined) return false;
    if (f.many ? !(want as readonly string[]).includes(have) : want !== have) return false;
  }
  return true;
}

/** Where the attribute's fields come from in SQL: a table alias (`s.category`), or bound values of one attribute. */
export type AttributeSource<A> = { alias: string } | { value: A; bind: Bind };

function fieldExpr<A>(f: ScopeField<A>, src: AttributeSource<A>): string {
  if ("alias" in src) return `${src.alias}.${f.column}`;
  const v = f.get(src.value);
  return src.bind(v === null ? null : f.many ? [...(v as readonly string[])] : v, f.many ? "text[]" : "text");
}

/**
 * The SQL form of `scopeCovers`, generated from the same field list: `(field IS NULL OR record = field)` per field,
 * ANDed; a field whose record attribute the table lacks can only be null. A test checks that both forms agree on
 * every combination.
 */
export function scopeCoversSql<A>(fields: readonly ScopeField<A>[], src: AttributeSource<A>, rec: RecordColumns): string {
  const parts = fields.map((f) => {
    const a = fieldExpr(f, src);
    const r = rec[f.record];
    if (r === undefined) return `(${a} IS NULL)`;
    return f.many ? `(${a} IS NULL OR ${r} = ANY(${a}))` : `(${a} IS NULL OR ${r} = ${a})`;
  });
  return `(${parts.join(" AND ")})`;
}

/** A `Bind` that numbers PostgreSQL placeholders from `$start` into `params`. */
export function dollarBind(params: unknown[]): Bind {
  return (value, cast) => {
    params.push(value);
    return cast ? `$${params.length}::${cast}` : `$${params.length}`;
  };
}
