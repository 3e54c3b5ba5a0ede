import { SignJWT, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { graphqlOperationHash, routeOperationHash, signHubContext, verifyHubContext } from "./hub-context.js";

const SECRET = "s".repeat(40);
const claims = { requestId: "r-1", actor: { sub: "D-001", role: "doctor" as const, org: "1310000002", amr: [] }, purpose: "TREAT" as const };
const Q = `query($id: ID!) { patient(id: $id) { name } }`;

describe("hub context bound to one operation (issue #26)", () => {
  it("verifies for the operation it was signed for, and only that one", async () => {
    const op = graphqlOperationHash(Q, { id: "P-0001" });
    const token = await signHubContext(claims, SECRET, 10, op);
    expect(await verifyHubContext(token, SECRET, op)).toEqual(claims);
    await expect(verifyHubContext(token, SECRET, graphqlOperationHash(Q, { id: "P-0002" }))).rejects.toThrow(/not bound to this operation/);
    await expect(verifyHubContext(token, SECRET, graphqlOperationHash(`{ __typename }`, {}))).rejects.toThrow(/not bound/);
    const unbound = await signHubContext(claims, SECRET, 10);
    await expect(verifyHubContext(unbound, SECRET, op)).rejects.toThrow(/not bound/);
  });

  it("hashes variables canonically (key order does not matter) and routes by method, path and query", () => {
    expect(graphqlOperationHash(Q, { a: 1, b: { c: 2, d: [1] } })).toBe(graphqlOperationHash(Q, { b: { d: [1], c: 2 }, a: 1 }));
    expect(graphqlOperationHash(Q, undefined)).toBe(graphqlOperationHash(Q, {}));
    expect(routeOperationHash("get", "/attachments?x=1")).toBe(routeOperationHash("GET", "/attachments?x=1"));
    expect(routeOperationHash("GET", "/attachments?x=1")).not.toBe(routeOperationHash("GET", "/attachments?x=2"));
    expect(routeOperationHash("GET", "/fhir/x")).not.toBe(routeOperationHash("DELETE", "/fhir/x"));
  });

  it("is a standard HS256 JWS: jose verifies it, and it verifies jose's", async () => {
    const op = graphqlOperationHash(Q, {});
    const key = new TextEncoder().encode(SECRET);
    const { payload } = await jwtVerify(await signHubContext(claims, SECRET, 10, op), key, { audience: "hub-subgraphs", issuer: "hub-gateway" });
    expect(payload).toMatchObject({ ctx: claims, op, jti: "r-1" });
    expect((payload.exp as number) - (payload.iat as number)).toBe(10);
    const theirs = await new SignJWT({ ctx: claims, op }).setProtectedHeader({ alg: "HS256" }).setIssuer("hub-gateway").setAudience("hub-subgraphs")
      .setIssuedAt().setExpirationTime("10s").sign(key);
    expect(await verifyHubContext(theirs, SECRET, op)).toEqual(claims);
  });

  it("refuses a wrong key, a changed payload, alg none, an expired context and a context from the future", async () => {
    const op = graphqlOperationHash(Q, {});
    const token = await signHubContext(claims, SECRET, 10, op);
    await expect(verifyHubContext(token, "t".repeat(40), op)).rejects.toThrow(/SIGNATURE/);
    const [h, p, s] = token.split(".");
    const changed = Buffer.from(Buffer.from(p, "base64url").toString().replace("D-001", "D-002")).toString("base64url");
    await expect(verifyHubContext(`${h}.${changed}.${s}`, SECRET, op)).rejects.toThrow(/SIGNATURE/);
    const none = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    await expect(verifyHubContext(`${none}.${p}.`, SECRET, op)).rejects.toThrow(/ALG/);
    const now = Math.floor(Date.now() / 1000);
    const key = new TextEncoder().encode(SECRET);
    const old = await new SignJWT({ ctx: claims, op }).setProtectedHeader({ alg: "HS256" }).setIssuer("hub-gateway").setAudience("hub-subgraphs")
      .setIssuedAt(now - 60).setExpirationTime(now - 30).sign(key);
    await expect(verifyHubContext(old, SECRET, op)).rejects.toThrow(/EXPIRED/);
    const future = await new SignJWT({ ctx: claims, op }).setProtectedHeader({ alg: "HS256" }).setIssuer("hub-gateway").setAudience("hub-subgraphs")
      .setIssuedAt(now + 60).setExpirationTime(now + 70).sign(key);
    await expect(verifyHubContext(future, SECRET, op)).rejects.toThrow(/CLAIM/);
    await expect(verifyHubContext(undefined, SECRET, op)).rejects.toThrow(/missing/);
  });
});
