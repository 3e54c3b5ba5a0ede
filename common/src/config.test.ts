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

describe("strict settings (#25)", () => {
  it("TRUST_PROXY is a boolean: 'maybe' or 'yes' stops the start with a message naming it", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const bad of ["maybe", "yes", "TRUE", "2"]) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/^configuration error: TRUST_PROXY must be true or false/);
  });

  it("LOG_LEVEL must be a pino level", () => {
    expect(loadConfig({ LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/);
  });

  it("CORS_ORIGINS is a list of origins; paths and wildcards are refused", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.jp, http://localhost:5173" }).corsOrigins).toEqual(["https://app.example.jp", "http://localhost:5173"]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "https://app.example.jp/path" })).toThrow(/no path/);
  });

  it("OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318/" }).otlpEndpoint).toBe("http://127.0.0.1:4318");
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://x" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
