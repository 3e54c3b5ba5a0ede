import { describe, expect, it } from "vitest";
import { as, codes, gql, hub } from "./support/client.js";

describe("bad input gets a coded error and the service keeps serving", () => {
  it("malformed JSON is BAD_USER_INPUT with 400", async () => {
    const res = await fetch(hub().gateway, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await as.doctorB()}` },
      body: "{ not json",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("an oversized body is refused with 413", async () => {
    const res = await fetch(hub().gateway, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await as.doctorB()}` },
      body: JSON.stringify({ query: `{ me { sub } }`, padding: "x".repeat(3 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  it("unknown fields and unknown enum values are BAD_USER_INPUT", async () => {
    const token = await as.doctorB();
    expect(codes(await gql(`{ patient(id: "P-0001") { nope } }`, { token }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(`{ patient(id: "P-0001") { labResults(set: SOMETIMES) { nodes { id } } } }`, { token }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("an unknown purpose of use is BAD_USER_INPUT, and the hub still answers afterwards", async () => {
    const token = await as.doctorB();
    const r = await gql(`{ me { sub } }`, { token, headers: { "x-purpose-of-use": "SHOPPING" } });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    const ok = await gql<any>(`{ me { sub } }`, { token });
    expect(ok.data.me.sub).toBe("D-001");
  });
});
