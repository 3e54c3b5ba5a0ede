import { DEV_HUB_CONTEXT_SECRET, graphqlOperationHash, signHubContextSync, type HubContextClaims } from "@hub/common";

/**
 * What the bench's peer gateways (plain Apollo, Hive) do that the hub gateway also does, and nothing more: sign a
 * hub context for every subgraph call, bound to that call's query and variables, so the subgraphs (which always
 * enforce) accept it. The caller's identity comes from the bench in `x-bench-claims` (base64url JSON): the peers
 * verify no token, check no trust registry and limit nothing, which is the point of comparing with them.
 */
export const CLAIMS_HEADER = "x-bench-claims";

export function claimsOf(header: string | string[] | undefined | null): HubContextClaims | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  return v ? (JSON.parse(Buffer.from(v, "base64url").toString("utf8")) as HubContextClaims) : undefined;
}

export function encodeClaims(c: HubContextClaims): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

export function signFor(claims: HubContextClaims, query: string, variables: unknown): string {
  return signHubContextSync(claims, DEV_HUB_CONTEXT_SECRET, 30, graphqlOperationHash(query, variables ?? {}));
}

/** The checked-in supergraph with each subgraph's URL replaced by the running one. */
export function withUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (m, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : m));
}
