/**
 * `DATABASE_URL` in libpq's form, several hosts included:
 * `postgres://user@db-a:5432,db-b:5432/hub?target_session_attrs=read-write` (PostgreSQL docs, 34.1.1.3
 * "Specifying Multiple Hosts"). node-postgres takes one host only, so the hub parses the list itself and its
 * connection class ({@link MultiHostClient}) tries the hosts in order until one has the session the URL asks for.
 */
export type TargetSessionAttrs = "any" | "read-write" | "primary";
const TARGETS: readonly TargetSessionAttrs[] = ["any", "read-write", "primary"];

export interface DbHost {
  host: string;
  port: number;
}

export interface ParsedDatabaseUrl {
  hosts: DbHost[];
  user: string | undefined;
  password: string | undefined;
  database: string | undefined;
  targetSessionAttrs: TargetSessionAttrs;
  /** Query parameters other than target_session_attrs (sslmode, application_name, …), kept as given. */
  params: URLSearchParams;
  /** The URL with only the first host: what libraries that know one host are given. */
  single: string;
  /** The same URL pointing at one of its hosts. */
  forHost(h: DbHost): string;
}

export class DatabaseUrlError extends Error {}

/** Parse a PostgreSQL URL with one or several `host[:port]` entries; throws {@link DatabaseUrlError} with the reason. */
export function parseDatabaseUrl(raw: string): ParsedDatabaseUrl {
  const m = /^(postgres(?:ql)?):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(raw);
  if (!m) throw new DatabaseUrlError("is not a postgres:// URL");
  const [, scheme, auth, hostList, path, query] = m;
  if (!hostList) throw new DatabaseUrlError("names no host");
  const hosts = hostList.split(",").map((entry): DbHost => {
    const hm = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!hm) throw new DatabaseUrlError(`has an invalid host entry "${entry}"`);
    const port = hm[2] === undefined ? 5432 : Number(hm[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DatabaseUrlError(`has an invalid port in "${entry}"`);
    return { host: decodeURIComponent(hm[1].replace(/^\[|\]$/g, "")), port };
  });
  const [user, password] = auth === undefined ? [undefined, undefined] : splitAuth(auth);
  const params = new URLSearchParams(query ?? "");
  const target = (params.get("target_session_attrs") ?? "any") as TargetSessionAttrs;
  if (!TARGETS.includes(target)) throw new DatabaseUrlError(`target_session_attrs must be one of ${TARGETS.join(", ")}`);
  params.delete("target_session_attrs");
  const database = path && path.length > 1 ? decodeURIComponent(path.slice(1)) : undefined;
  const forHost = (h: DbHost) => {
    const q = params.toString();
    const hostPart = h.host.includes(":") ? `[${h.host}]` : encodeURIComponent(h.host);
    return `${scheme}://${auth !== undefined ? `${auth}@` : ""}${hostPart}:${h.port}${path ?? ""}${q ? `?${q}` : ""}`;
  };
  return { hosts, user, password, database, targetSessionAttrs: target, params, single: forHost(hosts[0]), forHost };
}

function splitAuth(auth: string): [string, string | undefined] {
  const i = auth.indexOf(":");
  return i < 0 ? [decodeURIComponent(auth), undefined] : [decodeURIComponent(auth.slice(0, i)), decodeURIComponent(auth.slice(i + 1))];
}
