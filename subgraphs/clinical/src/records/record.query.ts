import { Brackets } from "typeorm";
import { config, dataSource, decodeCursor, pageSize, toConnection, type Connection, type DataCategory } from "@hub/common";
import { CONNECTION, policyRuntime } from "@hub/policies";
import { ClinicalRecordEntity } from "./record.entity.js";
import type { RecordView } from "./record-base.type.js";

export function toView(r: ClinicalRecordEntity): RecordView {
  return { ...r, sourceOrganization: { id: r.sourceOrgId } };
}

/**
 * One page of a patient's records of the given categories, newest first. Each category is authorised through the
 * PDP; records the caller may not see (sealed, restricted, withheld) are excluded in SQL, so they are never fetched
 * and pagination looks exactly as if they did not exist.
 */
export async function listRecords(
  patientId: string, categories: DataCategory[], first: number | undefined, after: string | undefined,
): Promise<Connection<RecordView>> {
  const limit = pageSize(first, config().maxPageSize);
  const cursor = decodeCursor(after);
  const runtime = policyRuntime();
  const visible: DataCategory[] = [];
  const hiddenOrgs = new Set<string>();
  const hiddenIds = new Set<string>();
  let hideWithheld = false;
  for (const category of categories) {
    const v = await runtime.listVisibility(patientId, category);
    if (v.categoryHidden) continue;
    visible.push(category);
    v.hiddenSourceOrgs.forEach((o) => hiddenOrgs.add(o));
    v.hiddenRecordIds.forEach((i) => hiddenIds.add(i));
    hideWithheld ||= v.hideWithheld;
  }
  if (visible.length === 0 || limit === 0) return withMarker({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  const qb = dataSource("clinical").getRepository(ClinicalRecordEntity).createQueryBuilder("r")
    .where("r.patient_id = :patientId", { patientId })
    .andWhere("r.category IN (:...visible)", { visible })
    .orderBy("r.recorded_at", "DESC").addOrderBy("r.id", "DESC")
    .limit(limit + 1);
  if (hiddenOrgs.size > 0) qb.andWhere("r.source_org_id NOT IN (:...orgs)", { orgs: [...hiddenOrgs] });
  if (hiddenIds.size > 0) qb.andWhere("r.id NOT IN (:...ids)", { ids: [...hiddenIds] });
  if (hideWithheld) qb.andWhere("r.withheld = false");
  if (cursor) {
    qb.andWhere(new Brackets((w) => {
      w.where("r.recorded_at < :at", { at: cursor.at })
        .orWhere("(r.recorded_at = :at AND r.id < :id)", { at: cursor.at, id: cursor.id });
    }));
  }
  const rows = await qb.getMany();
  return withMarker(toConnection(rows.map(toView), limit, (r) => ({ at: r.recordedAt.toISOString(), id: r.id })));
}

export function withMarker<T>(c: Connection<T>): Connection<T> {
  return Object.assign(c, { [CONNECTION]: true });
}
