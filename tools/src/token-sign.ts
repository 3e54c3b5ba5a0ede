import { SignJWT } from "jose";
import { ROLES, type Role } from "@hub/common";

export interface TokenClaims {
  role: Role;
  sub: string;
  org?: string;
  patientId?: string;
  mfa?: boolean;
  scope?: string;
  ttlSeconds?: number;
}

/** Sign a development token (HS256 with the configured secret). */
export async function signDevToken(c: TokenClaims, secret: string): Promise<string> {
  if (!(ROLES as readonly string[]).includes(c.role)) throw new Error(`unknown role "${c.role}" (one of: ${ROLES.join(", ")})`);
  if (c.org !== undefined && !/^\d{10}$/.test(c.org)) throw new Error("--org must be a 10-digit institution code");
  if (c.role === "patient" && !c.patientId) throw new Error("role patient needs --patient");
  const payload: Record<string, unknown> = { role: c.role, amr: c.mfa ? ["pwd", "mfa"] : ["pwd"] };
  if (c.org) payload.org = c.org;
  if (c.patientId) payload.patientId = c.patientId;
  if (c.scope) payload.scope = c.scope;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(c.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (c.ttlSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(secret));
}
