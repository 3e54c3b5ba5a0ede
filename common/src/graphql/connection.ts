import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { BadUserInputError } from "../errors.js";
import { Category, NON_PATIENT, type Classification } from "./category.js";

@ObjectType({ description: "Relay-style page information. No total counts: a count would reveal sealed records." })
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean) @Category(NON_PATIENT) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) endCursor!: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

const connectionTypes = new Map<Function, ClassType<Connection<unknown>>>();

/** `XConnection { nodes pageInfo }` for an item type; the list fields carry the item's data category. */
export function ConnectionOf<T extends object>(item: ClassType<T>, category: Classification): ClassType<Connection<T>> {
  const known = connectionTypes.get(item);
  if (known) return known as ClassType<Connection<T>>;
  @ObjectType(`${item.name}Connection`)
  class ItemConnection {
    @Field(() => [item]) @Category(category) nodes!: T[];
    @Field(() => PageInfo) @Category(category) pageInfo!: PageInfo;
  }
  connectionTypes.set(item, ItemConnection as ClassType<Connection<unknown>>);
  return ItemConnection as ClassType<Connection<T>>;
}

/** Keyset cursor over (timestamp, id): opaque to callers, reveals nothing beyond the row it came from. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), "utf8").toString("base64url");
}

export function decodeCursor(raw: string | null | undefined): Cursor | null {
  if (raw === null || raw === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string" && !Number.isNaN(Date.parse(v[0]))) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    /* fall through */
  }
  throw new BadUserInputError("invalid cursor", { argument: "after" });
}

/** Validate `first` against the configured maximum page size. */
export function pageSize(first: number | null | undefined, max: number): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new BadUserInputError(`first must be between 0 and ${max}`, { argument: "first" });
  return n;
}

/** Build a connection from rows fetched with limit `first + 1`, ordered by (at desc, id desc). */
export function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => Cursor): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(cursorOf(last)) : null },
  };
}

/** Page through an in-memory list already ordered newest first (small per-patient lists: consents, seals). */
export function paginateArray<T>(rows: T[], first: number | null | undefined, after: string | null | undefined, max: number, cursorOf: (row: T) => Cursor): Connection<T> {
  const limit = pageSize(first, max);
  const cursor = decodeCursor(after);
  let start = 0;
  if (cursor) {
    const i = rows.findIndex((r) => { const c = cursorOf(r); return c.at === cursor.at && c.id === cursor.id; });
    start = i < 0 ? rows.length : i + 1;
  }
  return toConnection(rows.slice(start, start + limit + 1), limit, cursorOf);
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: "Page size: default 50, at most MAX_PAGE_SIZE (100)" }) first?: number;
  @Field(() => String, { nullable: true, description: "endCursor of the previous page" }) after?: string;
}
