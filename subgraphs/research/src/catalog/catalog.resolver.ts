import { Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { Category, ForbiddenError, NON_PATIENT, dataSource, requestContext } from "@hub/common";

/** Cells smaller than this are suppressed (SPEC §9). */
export const MIN_CELL = 10;

@ObjectType({ description: "What can be requested for secondary use: aggregate counts only, small cells suppressed" })
export class CatalogEntry {
  @Field(() => String) @Category(NON_PATIENT) category!: string;
  @Field(() => Int, { nullable: true, description: "Approximate number of patients (rounded to 10); null when suppressed" })
  @Category(NON_PATIENT) approximatePatients!: number | null;
  @Field(() => Boolean, { description: "True when the count is under the minimum cell size" }) @Category(NON_PATIENT) suppressed!: boolean;
}

const ROLES = new Set(["researcher", "data_steward", "policy_admin"]);

@Resolver()
export class CatalogResolver {
  @Query(() => [CatalogEntry], { description: "Dataset catalog for researchers (no patient-level data)" }) @Category(NON_PATIENT)
  async datasetCatalog(): Promise<CatalogEntry[]> {
    const { actor } = requestContext();
    if (!ROLES.has(actor.role)) throw new ForbiddenError("the dataset catalog is for researchers and data stewards", { rule: "catalog-roles" });
    const rows = (await dataSource("research").query(
      `SELECT r.category, count(DISTINCT r.patient_id)::int AS n FROM clinical.records r
        WHERE NOT EXISTS (SELECT 1 FROM research.opt_outs o WHERE o.patient_id = r.patient_id)
        GROUP BY r.category ORDER BY r.category`,
    )) as { category: string; n: number }[];
    return rows.map(({ category, n }) => n < MIN_CELL
      ? { category, approximatePatients: null, suppressed: true }
      : { category, approximatePatients: Math.round(n / 10) * 10, suppressed: false });
  }
}
