import { getIntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { TEST_ORIGIN } from "./support/global-setup.js";
import { as, codes, gql, hub } from "./support/client.js";

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(hub().gateway, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const bearer = async () => ({ authorization: `Bearer ${await as.doctorB()}` });

describe("CORS (CORS_ORIGINS)", () => {
  it("answers a preflight before authentication (no 401), with CORS headers only for a listed origin", async () => {
    const preflight = (origin: string) => fetch(hub().gateway, {
      method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-purpose-of-use" },
    });
    const listed = await preflight(TEST_ORIGIN);
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
    expect(listed.headers.get("access-control-allow-methods")).toContain("POST");
    expect(listed.headers.get("access-control-allow-headers")).toMatch(/authorization.*content-type.*x-purpose-of-use/);
    const other = await preflight("https://evil.example");
    expect(other.status).toBe(204);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("gives the listed origin the header on real responses, errors included, so the browser can read them", async () => {
    const ok = await post(JSON.stringify({ query: "{ me { sub } }" }), { origin: TEST_ORIGIN, ...(await bearer()) });
    expect(ok.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
    expect(ok.headers.get("access-control-expose-headers")).toContain("x-request-id");
    const unauthenticated = await post(JSON.stringify({ query: "{ me { sub } }" }), { origin: TEST_ORIGIN });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe(TEST_ORIGIN);
    const unlisted = await post(JSON.stringify({ query: "{ me { sub } }" }), { origin: "https://evil.example", ...(await bearer()) });
    expect(unlisted.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("requestId on every error response", () => {
  it("401, bad JSON, 413, batching, unknown purpose, unknown path: each carries extensions.requestId and x-request-id", async () => {
    const auth = await bearer();
    const cases: [string, Promise<Response>, number][] = [
      ["no token", post(JSON.stringify({ query: "{ me { sub } }" })), 401],
      ["bad JSON", post("{ not json", auth), 400],
      ["oversized", post(JSON.stringify({ query: "{ me { sub } }", padding: "x".repeat(3 * 1024 * 1024) }), auth), 413],
      ["batching", post(JSON.stringify([{ query: "{ me { sub } }" }, { query: "{ me { sub } }" }]), auth), 400],
      ["unknown purpose", post(JSON.stringify({ query: "{ me { sub } }" }), { ...auth, "x-purpose-of-use": "SHOPPING" }), 400],
      ["no query", post(JSON.stringify({ variables: {} }), auth), 400],
      ["unknown path", fetch(hub().gateway.replace(/\/graphql$/, "/nope")), 404],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      const body = (await res.json()) as { errors: { extensions: { code: string } }[]; extensions: { requestId: string } };
      expect(res.status, name).toBe(status);
      expect(body.errors[0].extensions.code, name).toMatch(/^[A-Z_]+$/);
      expect(body.extensions.requestId, name).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("x-request-id"), name).toBe(body.extensions.requestId);
    }
  });
});

describe("introspection and limits in development", () => {
  it("the standard introspection query passes the depth and cost limits (IDE, codegen)", async () => {
    const r = await gql<any>(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), { token: await as.doctorB() });
    expect(r.errors).toBeUndefined();
    expect(r.data.__schema.types.map((t: { name: string }) => t.name)).toContain("Patient");
  });

  it("the cost limit reads variables: 30 aliases with first: $n = 100 are refused like first: 100, n = 2 passes", async () => {
    const op = (first: string) => `query Heavy($n: Int) { ${Array.from({ length: 30 }, (_, i) =>
      `p${i}: patient(id: "P-0001") { conditions(first: ${first}) { nodes { id display } } allergies(first: ${first}) { nodes { id } } prescriptions(first: ${first}) { nodes { id } } }`).join(" ")} }`;
    const token = await as.doctorB();
    const literal = await gql(op("100").replace("($n: Int)", ""), { token });
    expect(codes(literal)).toEqual(["BAD_USER_INPUT"]);
    expect(literal.status).toBe(400);
    const variable = await gql(op("$n"), { token, variables: { n: 100 } });
    expect(variable.status).toBe(400);
    expect(codes(variable)).toEqual(["BAD_USER_INPUT"]);
    expect(variable.errors![0].message).toBe(literal.errors![0].message);
    const small = await gql<any>(op("$n"), { token, variables: { n: 2 } });
    expect(small.errors).toBeUndefined();
    expect(small.data.p29.conditions.nodes).toHaveLength(2);
  });

  it("development keeps field suggestions (production hides them: security.test.ts)", async () => {
    const r = await gql(`{ me { sbu } }`, { token: await as.doctorB() });
    expect(r.errors![0].message).toContain('Did you mean "sub"?');
  });
});
