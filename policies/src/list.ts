import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { config, decodeCursor, pageSize, toConnection, type Connection, type DataCategory } from "@hub/common";
import { policyRuntime } from "./engine.js";
import { withMarker } from "./resource.js";

/** Column names a patient-data table uses; every such table has these. */
export interface PatientTableColumns {
  /** Column the list is ordered by, newest first. */
  time: string;
  /** Column holding the record's data category, when the table holds more than one. */
  category?: string;
  /** Column holding the source institution (seals by institution). */
  sourceOrg?: string;
  withheld?: string;
}

/**
 * One page of a patient's rows of the given categories, newest first, through the PDP: each category is authorised,
 * and rows under seals the caller may not pass, or withheld from a patient caller, are excluded in SQL. They are
 * never fetched, so pages, cursors and `hasNextPage` look exactly as if those rows did not exist.
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
  const runtime = policyRuntime();
  const visible: DataCategory[] = [];
  const hiddenOrgs = new Set<string>();
  const hiddenIds = new Set<string>();
  let hideWithheld = false;
  for (const category of opts.categories) {
    const v = await runtime.listVisibility(opts.patientId, category);
    if (v.categoryHidden) continue;
    visible.push(category);
    v.hiddenSourceOrgs.forEach((o) => hiddenOrgs.add(o));
    v.hiddenRecordIds.forEach((i) => hiddenIds.add(i));
    hideWithheld ||= v.hideWithheld;
  }
  if (visible.length === 0 || limit === 0) return withMarker({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  qb.andWhere(`${a}.patient_id = :patientId`, { patientId: opts.patientId });
  if (c.category) qb.andWhere(`${a}.${c.category} IN (:...visible)`, { visible });
  if (c.sourceOrg && hiddenOrgs.size > 0) qb.andWhere(`${a}.${c.sourceOrg} NOT IN (:...orgs)`, { orgs: [...hiddenOrgs] });
  if (hiddenIds.size > 0) qb.andWhere(`${a}.id NOT IN (:...ids)`, { ids: [...hiddenIds] });
  if (c.withheld && hideWithheld) qb.andWhere(`${a}.${c.withheld} = false`);
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

