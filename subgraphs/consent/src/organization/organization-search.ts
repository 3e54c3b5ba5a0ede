import { ArgsType, Field } from "type-graphql";
import { BadUserInputError, PageArgs, dataSource, pageSize, type Connection } from "@hub/common";
import { InstitutionKind } from "./institution.input.js";
import { OrganizationEntity } from "./organization.entity.js";

@ArgsType()
export class OrganizationSearchArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Part of the name (any characters, case-insensitive), or the first digits of the 10-digit code" })
  query?: string;
  @Field(() => InstitutionKind, { nullable: true }) kind?: InstitutionKind;
  @Field(() => String, { nullable: true, description: "Prefecture code, 2 digits (JIS X 0401: 13 = Tokyo, 27 = Osaka)" }) prefecture?: string;
}

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const CODE_PREFIX = /^\d{1,10}$/;

function decodeAfter(after: string | undefined): string | null {
  if (after === undefined || after === null) return null;
  try {
    const v = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v[0] === "org" && typeof v[1] === "string" && /^\d{10}$/.test(v[1])) return v[1];
  } catch {
    /* fall through */
  }
  throw new BadUserInputError("invalid cursor", { argument: "after" });
}
const encodeAfter = (id: string) => Buffer.from(JSON.stringify(["org", id]), "utf8").toString("base64url");

/**
 * One page of the registry, by code, filtered by name or code, kind and prefecture. Every filter is served by an
 * index (migration 1700000000025): the name through its n-grams (then checked as a substring), kind and
 * prefecture through composite indexes ending in the code, so a page costs the same at 180,000 institutions.
 */
export async function searchOrganizations(args: OrganizationSearchArgs, maxPage: number): Promise<Connection<OrganizationEntity>> {
  const first = pageSize(args.first, maxPage);
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const query = args.query?.trim();
  if (query) {
    if (query.length > 100 || /[\u0000-\u001f]/.test(query)) throw new BadUserInputError("query must be 1–100 printable characters", { argument: "query" });
    const q = p(query);
    where.push(CODE_PREFIX.test(query)
      ? `(o.id LIKE ${q} || '%' OR position(lower(${q}) in lower(o.name)) > 0)`
      : `consent.name_grams(o.name) @> consent.name_grams(${q}) AND position(lower(${q}) in lower(o.name)) > 0`);
  }
  if (args.kind) where.push(`o.kind = ${p(args.kind)}`);
  if (args.prefecture) {
    if (!PREFECTURE.test(args.prefecture)) throw new BadUserInputError("prefecture must be a code 01–47", { argument: "prefecture" });
    where.push(`o.prefecture = ${p(args.prefecture)}`);
  }
  const after = decodeAfter(args.after);
  if (after) where.push(`o.id > ${p(after)}`);
  const entities = (await dataSource("consent").query(
    `SELECT id, name, kind, prefecture, status, contact, status_reason AS "statusReason", status_changed_at AS "statusChangedAt"
       FROM consent.organizations o WHERE ${where.length ? where.join(" AND ") : "TRUE"} ORDER BY o.id LIMIT ${first + 1}`, params)) as OrganizationEntity[];
  const nodes = entities.slice(0, first);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { hasNextPage: entities.length > first, endCursor: last ? encodeAfter(last.id) : null } };
}
