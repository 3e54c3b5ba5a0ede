import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Registry search at national scale (about 180,000 institutions): an n-gram index for name search and composite
 * indexes for the kind and prefecture filters, all keyset-paginated by code.
 *
 * Japanese names have no word boundaries, and pg_trgm ignores non-alphanumeric characters under the C locale, so
 * the hub indexes its own unigrams and bigrams of the lower-cased name (the approach of pg_bigm and Groonga) in a
 * GIN index over `consent.name_grams(name)`: built into PostgreSQL and PGlite, no extension needed.
 */
export class ConsentOrganizationSearch1700000000025 implements MigrationInterface {
  name = "ConsentOrganizationSearch1700000000025";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION consent.name_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(lower(t), i, n) AS g FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS s(n) WHERE i + n - 1 <= length(t)
      ) grams $$`);
    await q.query(`CREATE INDEX organizations_name_grams ON consent.organizations USING gin (consent.name_grams(name))`);
    await q.query(`CREATE INDEX organizations_prefecture_kind ON consent.organizations (prefecture, kind, id)`);
    await q.query(`CREATE INDEX organizations_kind ON consent.organizations (kind, id)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consent.organizations_kind, consent.organizations_prefecture_kind, consent.organizations_name_grams`);
    await q.query(`DROP FUNCTION consent.name_grams(text)`);
  }
}
