import { config } from "@hub/common";
import { signDevToken } from "./token-sign.js";
import { UsageError } from "./cli.js";

export { UsageError };

/**
 * The hub's GraphQL endpoint from HUB_URL (or --hub): with or without `/graphql`, with or without a trailing slash
 * (`http://127.0.0.1:4000`, `http://127.0.0.1:4000/`, `http://127.0.0.1:4000/graphql` are the same hub).
 */
export function graphqlEndpoint(raw: string | undefined, gatewayPort: number): string {
  const value = raw ?? `http://127.0.0.1:${gatewayPort}/graphql`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`HUB_URL "${value}" is not a URL (e.g. http://127.0.0.1:4000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`HUB_URL "${value}" must be http(s)`);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/graphql") ? path : `${path}/graphql`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

export interface AdminAnswer<T> { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }

/** GraphQL against the running hub as a policy admin (HUB_URL, HUB_TOKEN; a dev token outside production). */
export async function adminGraphQL<T>(query: string, variables: Record<string, unknown>, hubUrl?: string): Promise<AdminAnswer<T>> {
  const cfg = config();
  const url = graphqlEndpoint(hubUrl ?? process.env.HUB_URL, cfg.gatewayPort);
  let token = process.env.HUB_TOKEN;
  if (!token) {
    if (cfg.env === "production") throw new UsageError("set HUB_TOKEN to a policy_admin token");
    token = await signDevToken({ role: "policy_admin", sub: process.env.USER ? `cli:${process.env.USER}` : "cli" }, cfg.jwtSecret);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new UsageError(`cannot reach the hub at ${url} (is it running? set HUB_URL)`);
  }
  const body = (await res.json().catch(() => null)) as AdminAnswer<T> | null;
  if (res.status === 404 || !body || (body.data === undefined && !body.errors?.length)) {
    throw new UsageError(`the hub at ${url} answered HTTP ${res.status} without a GraphQL result (is HUB_URL the hub's address?)`);
  }
  if (res.status === 401) throw new UsageError(`the hub refused the token: ${body.errors?.[0]?.message ?? "unauthenticated"} (set HUB_TOKEN)`);
  return body;
}

/** The first error's message, never "undefined". */
export function firstError(r: AdminAnswer<unknown>): string {
  return r.errors?.[0]?.message ?? "the hub answered without data";
}
