import { config } from "@hub/common";
import { signDevToken } from "./token-sign.js";

/** GraphQL against the running hub as a policy admin (HUB_URL, HUB_TOKEN; a dev token outside production). */
export async function adminGraphQL<T>(query: string, variables: Record<string, unknown>, hubUrl?: string): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const cfg = config();
  const url = hubUrl ?? process.env.HUB_URL ?? `http://127.0.0.1:${cfg.gatewayPort}/graphql`;
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
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Wrong usage or no connection: exit code 2. */
export class UsageError extends Error {}
