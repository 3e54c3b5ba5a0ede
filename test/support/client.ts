import { inject } from "vitest";
import { signDevToken, type TokenClaims } from "../../tools/src/token-sign.js";
import { DEV_JWT_SECRET } from "../../common/src/config.js";

export const hub = () => inject("hub");

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { requestId?: string };
}

export function token(c: TokenClaims): Promise<string> {
  return signDevToken(c, DEV_JWT_SECRET);
}

/** Demo identities (SPEC §11). */
export const as = {
  patient: (id = "P-0001") => token({ role: "patient", sub: id, patientId: id }),
  doctorB: () => token({ role: "doctor", sub: "D-001", org: "1310000002" }),
  nurseB: () => token({ role: "nurse", sub: "N-001", org: "1310000002" }),
  doctorE: () => token({ role: "doctor", sub: "D-005", org: "1310000005" }),
  pharmacistC: () => token({ role: "pharmacist", sub: "PH-001", org: "1310000003" }),
  researcher: () => token({ role: "researcher", sub: "R-001" }),
  responderTokyo: () => token({ role: "emergency_responder", sub: "ER-001", org: "1310000009", mfa: true }),
  responderOsaka: () => token({ role: "emergency_responder", sub: "ER-002", org: "2710000009", mfa: true }),
  admin: () => token({ role: "policy_admin", sub: "ADM-001" }),
};

/** Headers for a break-glass read. */
export const etreat = (grantId: string) => ({ "x-purpose-of-use": "ETREAT", "x-emergency-access": grantId });

/** A direct connection to the hub's database (for expiring grants and tampering tests). */
export async function db(): Promise<import("pg").Client> {
  const pg = await import("pg");
  const c = new pg.default.Client({ connectionString: hub().databaseUrl });
  await c.connect();
  return c;
}

/** POST a GraphQL operation to the gateway (or another URL) and return status and body. */
export async function gql<T = Record<string, unknown>>(
  query: string, opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string>; url?: string } = {},
): Promise<GqlResult<T>> {
  const res = await fetch(opts.url ?? hub().gateway, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  const body = (await res.json()) as GqlResult<T>;
  return { ...body, status: res.status };
}

export function codes(r: GqlResult): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}
