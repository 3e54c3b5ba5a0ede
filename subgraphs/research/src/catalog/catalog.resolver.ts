import { Query, Resolver } from "type-graphql";
import { Category, dataSource, ForbiddenError, NON_PATIENT, Operation, requestContext } from "@hub/common";
import { NOT_OPTED_OUT, NOT_SEALED, RECORDS } from "../extraction/filters.js";
import { sqlOf } from "../extraction/sql.js";
import { CatalogEntry } from "./catalog.type.js";

export { CatalogEntry } from "./catalog.type.js";

/** Cells smaller than this are suppressed (SPEC §9). */
export const MIN_CELL = 10;
/** Published counts are rounded to this, so differences between two catalog reads do not reveal single patients. */
const ROUND = 10;
const MAX_CODES = 50;

/** A count as published: null (suppressed) under MIN_CELL, otherwise rounded to ROUND, never below MIN_CELL. */
export function publishedCount(n: number): number | null {
  return n < MIN_CELL ? null : Math.max(MIN_CELL, Math.round(n / ROUND) * ROUND);
}

@Resolver()
export class CatalogResolver {
  @Query(() => [CatalogEntry], { description: "Dataset catalog for researchers (no patient-level data)" }) @Category(NON_PATIENT) @Operation("read-catalog")
  async datasetCatalog(): Promise<CatalogEntry[]> {
    const sql = sqlOf(dataSource("research"));
    // Opted-out patients and sealed records are left out of every count, as they are of every extraction.
    const usable = `FROM ${RECORDS} r WHERE ${NOT_OPTED_OUT("r.patient_id")} AND ${NOT_SEALED}`;
    const cats = await sql.query(`SELECT r.category, count(DISTINCT r.patient_id)::int AS n ${usable} GROUP BY r.category ORDER BY r.category`);
    const codes = await sql.query(
      `SELECT r.category, r.code_system AS system, r.code, min(r.display) AS display, count(DISTINCT r.patient_id)::int AS n
         ${usable} AND r.code IS NOT NULL GROUP BY r.category, r.code_system, r.code ORDER BY n DESC, r.code`,
    );
    return cats.map(({ category, n }) => {
      const mine = codes.filter((c) => c.category === category);
      const shown = mine.filter((c) => c.n >= MIN_CELL).slice(0, MAX_CODES);
      const count = publishedCount(n);
      return {
        category, approximatePatients: count, suppressed: count === null,
        codes: shown.map((c) => ({ system: c.system ?? null, code: c.code, display: c.display ?? null, approximatePatients: publishedCount(c.n)! })),
        suppressedCodes: mine.filter((c) => c.n < MIN_CELL).length,
      };
    });
  }
}
