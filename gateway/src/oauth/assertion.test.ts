import { describe, expect, it } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { verifyAssertion } from "./assertion.js";
import type { ClientRecord } from "./client-store.js";

const AUD = "https://hub.example/oauth/token";
const NOW = 1_800_000_000;

async function setup() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const client: ClientRecord = { id: "sys-1", organizationId: "1310000002", scopes: [], status: "ACTIVE", orgStatus: "ACTIVE",
    keys: [{ kid: "k1", alg: "ES256", status: "ACTIVE", jwk: await exportJWK(publicKey) }] };
  const sign = (claims: Record<string, unknown>, kid = "k1") => new SignJWT({ iss: "sys-1", sub: "sys-1", aud: AUD, jti: "j", exp: NOW + 300, ...claims })
    .setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
  return { client, sign };
}

const rule = (p: Promise<unknown>) => p.then(() => "accepted", (e: { rule?: string }) => e.rule);

describe("client assertion checks", () => {
  it("accepts the edges of the clock-skew and lifetime limits and refuses just beyond them", async () => {
    const { client, sign } = await setup();
    expect(await rule(verifyAssertion(await sign({ exp: NOW - 60 }), client, AUD, NOW))).toBe("accepted");
    expect(await rule(verifyAssertion(await sign({ exp: NOW - 61 }), client, AUD, NOW))).toBe("assertion-expired");
    expect(await rule(verifyAssertion(await sign({ exp: NOW + 360 }), client, AUD, NOW))).toBe("accepted");
    expect(await rule(verifyAssertion(await sign({ exp: NOW + 361 }), client, AUD, NOW))).toBe("assertion-lifetime");
    expect(await rule(verifyAssertion(await sign({ iat: NOW + 61 }), client, AUD, NOW))).toBe("assertion-not-yet-valid");
    expect(await rule(verifyAssertion(await sign({ aud: [AUD, "other"] }), client, AUD, NOW))).toBe("accepted");
    expect(await rule(verifyAssertion(await sign({ jti: undefined }), client, AUD, NOW))).toBe("assertion-jti");
    expect(await rule(verifyAssertion(await sign({ exp: undefined }), client, AUD, NOW))).toBe("assertion-expired");
  });

  it("refuses revoked keys, unknown kids and algorithm confusion", async () => {
    const { client, sign } = await setup();
    expect(await rule(verifyAssertion(await sign({}, "k9"), client, AUD, NOW))).toBe("client-key-unknown");
    client.keys[0].status = "REVOKED";
    expect(await rule(verifyAssertion(await sign({}), client, AUD, NOW))).toBe("client-key-revoked");
    const hs = await new SignJWT({ iss: "sys-1", sub: "sys-1", aud: AUD, jti: "j", exp: NOW + 60 }).setProtectedHeader({ alg: "HS256" }).sign(new Uint8Array(32));
    expect(await rule(verifyAssertion(hs, client, AUD, NOW))).toBe("assertion-alg");
  });
});
