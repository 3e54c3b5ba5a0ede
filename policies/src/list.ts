import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { config, decodeCursor, pageSize, toConnection, type Connection, type DataCategory } from "@hub/common";
import { policyRuntime } from "./engine.js";
import { withMarker } from "./resource.js";
import type { Bind, RecordColumns } from "./attributes/scope.js";
import { sealCoversSql } from "./attributes/seal/seal.rule.js";
import { consentRecordScopeSql } from "./attributes/consent/consent.rule.js";
import type { CategoryPlan } from "./runtime.js";

/** Column names a patient-data table uses; every such table has these. */
export interface PatientTableColumns {
  /** Column the list is ordered by, newest first. */
  time: string;
  /** Column holding the record's data category, when the table holds more than one. */
  category?: string;
  /** Column holding the source institution (seals and consents by institution). */
  sourceOrg?: string;
  withheld?: string;
}

/** A `Bind` for TypeORM's named parameters. */
function typeormBind(params: Record<string, unknown>): Bind {
  let n = 0;
  return (value, cast) => {
    const name = `lp${n++}`;
    params[name] = value;
    return cast ? `CAST(:${name} AS ${cast})` : `:${name}`;
  };
}

/**
 * The WHERE fragment for one category's rows: seals the caller may not pass exclude what they cover, scoped
 * consents (when they are the only basis) include only what they cover, withheld rows are left out for the patient.
 * Every predicate comes from the seal and consent modules' SQL forms.
 */
export function categoryRowsSql(plan: CategoryPlan, a: string, c: PatientTableColumns, bind: Bind): string {
  const rec: RecordColumns = { id: `${a}.id`, category: c.category ? `${a}.${c.category}` : bind(plan.category, "text"), sourceOrg: c.sourceOrg ? `${a}.${c.sourceOrg}` : undefined };
  const parts: string[] = [];
  if (c.category) parts.push(`${a}.${c.category} = ${bind(plan.category, "text")}`);
  if (plan.hiddenSeals.length > 0) parts.push(`NOT (${plan.hiddenSeals.map((s) => sealCoversSql({ value: s, bind }, rec)).join(" OR ")})`);
  if (plan.rowScope) parts.push(`(${plan.rowScope.map((k) => consentRecordScopeSql({ value: k, bind }, rec)).join(" OR ")})`);
  if (plan.hideWithheld && c.withheld) parts.push(`${a}.${c.withheld} = false`);
  return parts.length > 0 ? `(${parts.join(" AND ")})` : "TRUE";
}

/**
 * One page of a patient's rows of the given categories, newest first, through the PDP: each category is authorised
 * (those denied are left out; if all are, the first denial is the answer), and rows the caller may not see are
 * excluded in SQL. They are never fetched, so pages, cursors and `hasNextPage` look exactly as if they did not exist.
 */
export async function listPatientRows<E extends ObjectLiteral, V>(opts: {
  qb: SelectQueryBuilder<E>;
  alias: string;
  patientId: string;
  categories: DataCategory[];
  columns: PatientTableColumns;
  first: number | null | undefined;
  after: string | null | undefined;
  toView(row: E): V;
  timeOf(row: E): Date;
}): Promise<Connection<V>> {
  const { qb, alias: a, columns: c } = opts;
  const limit = pageSize(opts.first, config().maxPageSize);
  const cursor = decodeCursor(opts.after);
  const { plans: allowed, denial } = await policyRuntime().listPlan(opts.patientId, opts.categories);
  // Denied only when no category may be read at all: that answer depends on the policy and the basis, never on seals.
  if (allowed.length === 0 && denial) throw denial;
  const plans = allowed.filter((p) => !p.wholeCategoryHidden);
  if (plans.length === 0 || limit === 0) return withMarker({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  const params: Record<string, unknown> = {};
  const bind = typeormBind(params);
  qb.andWhere(`${a}.patient_id = ${bind(opts.patientId, "text")}`);
  qb.andWhere(`(${plans.map((p) => categoryRowsSql(p, a, c, bind)).join(" OR ")})`);
  qb.setParameters({ ...qb.getParameters(), ...params });
  if (cursor) {
    qb.andWhere(new Brackets((w) => {
      w.where(`${a}.${c.time} < :at`, { at: cursor.at }).orWhere(`(${a}.${c.time} = :at AND ${a}.id < :cid)`, { at: cursor.at, cid: cursor.id });
    }));
  }
  qb.orderBy(`${a}.${c.time}`, "DESC").addOrderBy(`${a}.id`, "DESC").limit(limit + 1);
  const rows = await qb.getMany();
  const page = toConnection(rows, limit, (r) => ({ at: opts.timeOf(r).toISOString(), id: String((r as ObjectLiteral).id) }));
  return withMarker({ nodes: page.nodes.map(opts.toView), pageInfo: page.pageInfo });
}
