import { dataSource } from "@hub/common";

/**
 * The consent service's published interface to the institution registry (`consent.organizations`): other
 * services check and read institutions only through these functions and relations, never by naming the table.
 */
export async function isActiveInstitution(id: string): Promise<boolean> {
  if (!/^\d{10}$/.test(id)) return false;
  return ((await dataSource("consent").query(`SELECT 1 FROM consent.organizations WHERE id = $1 AND status = 'ACTIVE'`, [id])) as unknown[]).length > 0;
}

/** The prefecture (JIS X 0401) the registry holds for an institution, or null (disaster declarations cover by it). */
export async function institutionPrefecture(id: string): Promise<string | null> {
  const [r] = (await dataSource("consent").query(`SELECT prefecture FROM consent.organizations WHERE id = $1`, [id])) as { prefecture: string | null }[];
  return r?.prefecture ?? null;
}

/** How many institutions are registered (an empty registry means an empty hub: seed the demo data). */
export async function institutionCount(): Promise<number> {
  const [r] = (await dataSource("consent").query(`SELECT count(*)::int AS n FROM consent.organizations`)) as { n: number }[];
  return r.n;
}

/** The relation other services may read for aggregate use (secondary use by prefecture): id, kind, prefecture only. */
export const institutionsRelation = (): string => `(SELECT id, kind, prefecture FROM consent.organizations)`;
