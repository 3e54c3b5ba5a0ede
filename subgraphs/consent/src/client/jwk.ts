import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { BadUserInputError } from "@hub/common";

const PRIVATE_PARTS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

export interface CheckedKey {
  kid: string;
  alg: "RS256" | "ES256";
  jwk: JWK;
}

const bad = (message: string) => new BadUserInputError(message, { argument: "jwk" });

/**
 * A client's public key as we store it: RSA ≥ 2048 bits for RS256 or EC P-256 for ES256, no private material,
 * importable by jose; kid from the JWK or its RFC 7638 thumbprint.
 */
export async function checkPublicJwk(value: unknown): Promise<CheckedKey> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad("jwk must be a JSON Web Key object");
  const raw = value as Record<string, unknown>;
  if (PRIVATE_PARTS.some((p) => p in raw)) throw bad("jwk contains private key material: register the public key only");
  let alg: CheckedKey["alg"];
  let jwk: JWK;
  if (raw.kty === "RSA" && typeof raw.n === "string" && typeof raw.e === "string") {
    if (raw.alg !== undefined && raw.alg !== "RS256") throw bad("an RSA key must be used with RS256");
    if (Buffer.from(raw.n, "base64url").length * 8 < 2048) throw bad("an RSA key needs at least 2048 bits");
    alg = "RS256";
    jwk = { kty: "RSA", n: raw.n, e: raw.e };
  } else if (raw.kty === "EC" && raw.crv === "P-256" && typeof raw.x === "string" && typeof raw.y === "string") {
    if (raw.alg !== undefined && raw.alg !== "ES256") throw bad("a P-256 key must be used with ES256");
    alg = "ES256";
    jwk = { kty: "EC", crv: "P-256", x: raw.x, y: raw.y };
  } else {
    throw bad("jwk must be an RSA (RS256) or EC P-256 (ES256) public key");
  }
  try {
    await importJWK({ ...jwk, alg }, alg);
  } catch {
    throw bad("jwk is not a valid public key");
  }
  const given = raw.kid;
  if (given !== undefined && (typeof given !== "string" || !/^[A-Za-z0-9._~-]{1,128}$/.test(given))) throw bad("kid must be 1–128 of A–Z a–z 0–9 . _ ~ -");
  const kid = (given as string | undefined) ?? (await calculateJwkThumbprint(jwk, "sha256"));
  return { kid, alg, jwk: { ...jwk, kid, alg, use: "sig" } };
}
