import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("config", () => {
  it("has working development defaults on the SPEC ports", () => {
    const c = loadConfig({});
    expect(c.gatewayPort).toBe(4000);
    expect(c.subgraphPorts).toEqual({ documents: 4101, clinical: 4102, eligibility: 4103, phr: 4104, consent: 4105, research: 4106 });
    expect(c.subgraphUrls.clinical).toBe("http://127.0.0.1:4102/graphql");
  });

  it("fails fast, naming the variable, on bad values", () => {
    expect(() => loadConfig({ GATEWAY_PORT: "http" })).toThrow(/GATEWAY_PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "staging" })).toThrow(/NODE_ENV/);
  });

  it("production refuses the development keys and needs TRUST_PROXY set explicitly", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/development signing keys/);
    const secrets = { JWT_SECRET: "p".repeat(40), HUB_CONTEXT_SECRET: "q".repeat(40) };
    expect(() => loadConfig({ NODE_ENV: "production", ...secrets })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ NODE_ENV: "production", TRUST_PROXY: "true", ...secrets }).env).toBe("production");
    expect(() => loadConfig({ NODE_ENV: "production", TRUST_PROXY: "true", HUB_BENCH_NO_ENFORCEMENT: "1", ...secrets })).toThrow(/refused in production/);
  });
});
