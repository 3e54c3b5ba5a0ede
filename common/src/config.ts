/**
 * One typed configuration, read from the environment once and validated at start-up.
 * A bad value stops the process with a message naming the variable (fail fast).
 */
import { parseDatabaseUrl } from "./db/database-url.js";
export const SUBGRAPH_NAMES = ["documents", "clinical", "eligibility", "phr", "consent", "research"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const DEFAULT_PORTS: Record<SubgraphName, number> = {
  documents: 4101, clinical: 4102, eligibility: 4103, phr: 4104, consent: 4105, research: 4106,
};

/** Development-only secrets. Production refuses to start with them (SPEC §3). */
export const DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-0123456789";
export const DEV_HUB_CONTEXT_SECRET = "dev-only-hub-context-secret-0123456789";

/**
 * How long the hub keeps each kind of data (電子カルテ情報共有サービス design, SPEC §7): conditions, allergies,
 * infections and contraindications 5 years unless flagged for long-term storage (LTS); labs 1 year but always the
 * latest 3 per test; prescriptions 100 days; checkup reports 5 years; referrals a week after retrieval.
 */
export interface RetentionConfig {
  clinicalDays: number;
  labDays: number;
  labKeepLast: number;
  prescriptionDays: number;
  checkupDays: number;
  referralDaysAfterRetrieval: number;
}

export interface HubConfig {
  env: "development" | "test" | "production";
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  /** Subgraph URLs the gateway calls; defaults to loopback + port. */
  subgraphUrls: Record<SubgraphName, string>;
  databaseUrl: string | undefined;
  pgliteDataDir: string | undefined;
  pglitePort: number;
  dbPoolSize: number;
  /**
   * Prepared statements for the hot fixed-text queries on PostgreSQL (DB_PREPARED_STATEMENTS, default true). Set false
   * behind a transaction-mode pooler that does not track them (PgBouncer before 1.21, or with max_prepared_statements=0).
   */
  dbPreparedStatements: boolean;
  /**
   * How long a new database connection may take (DB_CONNECT_TIMEOUT_MS). Generous: the embedded database answers from
   * the hub's own event loop, which start-up work (the FHIR definitions) can hold for seconds on a busy machine.
   */
  dbConnectTimeoutMs: number;
  jwtSecret: string;
  jwksUrl: string | undefined;
  jwtIssuer: string | undefined;
  hubContextSecret: string;
  /** Lifetime of a signed hub context; it is signed per subgraph call, so it only has to cover the transit. */
  hubContextTtlSeconds: number;
  /** Subgraph servers keep idle connections this long (SUBGRAPH_KEEP_ALIVE_MS), longer than the gateway pools them. */
  subgraphKeepAliveMs: number;
  /** Every other hub server (the gateway) keeps idle client connections this long (HTTP_KEEP_ALIVE_MS). */
  httpKeepAliveMs: number;
  /** The gateway closes a pooled subgraph socket idle this long (GATEWAY_SUBGRAPH_IDLE_MS), before the subgraph would. */
  gatewaySubgraphIdleMs: number;
  /** pino level: fatal error warn info debug trace silent. */
  logLevel: LogLevel;
  /**
   * TRUST_PROXY=true: exactly one TLS-terminating proxy stands in front of the gateway, and the client address is
   * the last `X-Forwarded-For` entry (the one that proxy appended). false: the socket's peer address.
   */
  trustProxy: boolean;
  /** Browser origins allowed to call the API (CORS_ORIGINS, comma-separated); empty = no cross-origin access. */
  corsOrigins: string[];
  /** OTLP/HTTP endpoint for traces (OTEL_EXPORTER_OTLP_ENDPOINT, `/v1/traces` appended); unset = no export. */
  otlpEndpoint: string | undefined;
  /** How long a stopping service waits for in-flight requests before it closes their connections. */
  shutdownGraceMs: number;
  maxBodyBytes: number;
  maxQueryDepth: number;
  maxPageSize: number;
  /** Largest attachment (key image, PDF) inside a registered document, decoded bytes. */
  maxAttachmentBytes: number;
  /** How often the hub runs the retention job itself (minutes; 0 = only `npm run retention`). */
  retentionIntervalMinutes: number;
  /** Failed retrievals by exchange number per institution in a window before a lock-out (SECURITY.md). */
  retrievalFailureLimit: number;
  retrievalWindowMinutes: number;
  retrievalLockoutMinutes: number;
  /** Retention periods (SPEC §7), used by `npm run retention`. */
  retention: RetentionConfig;
  maxAliases: number;
  maxQueryCost: number;
  /** Lexical tokens in one operation (graphql-armor max-tokens). */
  maxQueryTokens: number;
  /** Directives in one operation (graphql-armor max-directives). */
  maxDirectives: number;
  /** Requests per second per actor (token bucket), and the burst allowed. */
  ratePerSecond: number;
  rateBurst: number;
  /** How often the consent service closes expired emergency grants (once per period across replicas). */
  emergencySweepMs: number;
  /** Lifetime of a break-glass grant (default 4 h). */
  emergencyAccessMinutes: number;
  /** Break-glass starts allowed per actor per hour. */
  emergencyStartsPerHour: number;
  /** Starts and identifications under a declared disaster, per actor per hour (a separate, larger limit: docs/emergency.md). */
  disasterStartsPerHour: number;
  /** findPatientForEmergency lookups per actor per hour, outside and inside a declared disaster. */
  emergencyLookupsPerHour: number;
  disasterLookupsPerHour: number;
  /**
   * Public base URL of the gateway (HUB_PUBLIC_URL, e.g. https://hub.example.jp): system clients put
   * `<publicUrl>/oauth/token` in their assertion's `aud`. Defaults to the gateway's own listening address.
   */
  publicUrl: string | undefined;
  /** Benchmark variant (b) only: run without the PEP/PDP. Refused in production. */
  benchNoEnforcement: boolean;
  /** Notifications: the SSE stream's poll and the webhook delivery job (docs/notifications.md). */
  notifications: NotificationConfig;
}

export interface NotificationConfig {
  /** How often an open stream looks for new notifications (NOTIFY_POLL_MS, default 250). */
  streamPollMs: number;
  /** How often the delivery job runs (WEBHOOK_POLL_MS, default 500). */
  webhookPollMs: number;
  /** First retry delay, doubled per attempt (WEBHOOK_RETRY_BASE_MS, default 1000), capped (WEBHOOK_RETRY_MAX_MS, default 1 h). */
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  /** Attempts before a delivery is dead-lettered (WEBHOOK_MAX_ATTEMPTS, default 10). */
  webhookMaxAttempts: number;
  /** Per attempt (WEBHOOK_TIMEOUT_MS, default 5000). */
  webhookTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuration error: ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
  return raw as T;
}

/** A strict boolean: true/1 or false/0; anything else (yes, maybe, TRUE) stops the process. */
function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(`${name} must be true or false (or 1 / 0), got "${raw}"`);
}

/** Comma-separated browser origins (scheme://host[:port]); "*" is refused: the API carries bearer tokens. */
function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw.split(",").map((o) => o.trim()).filter(Boolean).map((o) => {
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new ConfigError(`${name}: "${o}" is not an origin (scheme://host[:port])`);
    }
    if ((u.protocol !== "http:" && u.protocol !== "https:") || u.origin !== o.replace(/\/$/, "")) {
      throw new ConfigError(`${name}: "${o}" is not an origin (scheme://host[:port], no path)`);
    }
    return u.origin;
  });
}

function int(env: Env, name: string, fallback: number, min = 0, max = 65535 * 1000): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must use ${protocols.join(" or ")}`);
  return raw;
}

/** DATABASE_URL in libpq's form, one host or several (`a:5432,b:5432`, `target_session_attrs`). */
function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (!raw) return undefined;
  try {
    parseDatabaseUrl(raw);
  } catch (e) {
    throw new ConfigError(`DATABASE_URL ${(e as Error).message}`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): HubConfig {
  const nodeEnv = env.NODE_ENV ?? "development";
  if (nodeEnv !== "development" && nodeEnv !== "test" && nodeEnv !== "production") {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  }
  const host = env.HOST ?? "127.0.0.1";
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const key = name.toUpperCase();
    subgraphPorts[name] = int(env, `${key}_PORT`, DEFAULT_PORTS[name]);
    subgraphUrls[name] = url(env, `${key}_URL`, ["http:", "https:"]) ?? `http://${host}:${subgraphPorts[name]}/graphql`;
  }
  const jwtSecret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  const hubContextSecret = env.HUB_CONTEXT_SECRET ?? DEV_HUB_CONTEXT_SECRET;
  const jwksUrl = url(env, "JWKS_URL", ["https:", "http:"]);
  if (hubContextSecret.length < 32) throw new ConfigError("HUB_CONTEXT_SECRET must be at least 32 characters");
  const subgraphKeepAliveMs = int(env, "SUBGRAPH_KEEP_ALIVE_MS", 65_000, 1000, 600_000);
  const gatewaySubgraphIdleMs = int(env, "GATEWAY_SUBGRAPH_IDLE_MS", 30_000, 100, 600_000);
  if (gatewaySubgraphIdleMs >= subgraphKeepAliveMs) {
    throw new ConfigError(`GATEWAY_SUBGRAPH_IDLE_MS (${gatewaySubgraphIdleMs}) must be shorter than SUBGRAPH_KEEP_ALIVE_MS (${subgraphKeepAliveMs}): the gateway must close idle sockets before the subgraph does`);
  }
  if (!jwksUrl && jwtSecret.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters");
  const trustProxy = bool(env, "TRUST_PROXY", false);
  if (nodeEnv === "production") {
    if (jwtSecret === DEV_JWT_SECRET || hubContextSecret === DEV_HUB_CONTEXT_SECRET) {
      throw new ConfigError("production refuses the development signing keys: set JWT_SECRET/JWKS_URL and HUB_CONTEXT_SECRET");
    }
    if (env.HUB_BENCH_NO_ENFORCEMENT === "1") throw new ConfigError("HUB_BENCH_NO_ENFORCEMENT is a benchmark switch and is refused in production");
    if (env.TRUST_PROXY === undefined) {
      throw new ConfigError("production requires TRUST_PROXY to be set explicitly (true behind a TLS-terminating proxy)");
    }
  }
  return {
    env: nodeEnv,
    host,
    gatewayPort: int(env, "GATEWAY_PORT", 4000),
    subgraphPorts,
    subgraphUrls,
    databaseUrl: databaseUrl(env),
    pgliteDataDir: env.PGLITE_DATA_DIR || undefined,
    pglitePort: int(env, "PGLITE_PORT", 5433),
    dbPoolSize: int(env, "DB_POOL_SIZE", 5, 1, 100),
    dbPreparedStatements: bool(env, "DB_PREPARED_STATEMENTS", true),
    dbConnectTimeoutMs: int(env, "DB_CONNECT_TIMEOUT_MS", 20_000, 100, 600_000),
    jwtSecret,
    jwksUrl,
    jwtIssuer: env.JWT_ISSUER || undefined,
    hubContextSecret,
    hubContextTtlSeconds: int(env, "HUB_CONTEXT_TTL_SECONDS", 10, 1, 300),
    subgraphKeepAliveMs,
    httpKeepAliveMs: int(env, "HTTP_KEEP_ALIVE_MS", 65_000, 1000, 600_000),
    gatewaySubgraphIdleMs,
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, nodeEnv === "test" ? "warn" : "info"),
    trustProxy,
    corsOrigins: origins(env, "CORS_ORIGINS"),
    otlpEndpoint: url(env, "OTEL_EXPORTER_OTLP_ENDPOINT", ["http:", "https:"])?.replace(/\/+$/, ""),
    shutdownGraceMs: int(env, "SHUTDOWN_GRACE_MS", 8000, 0, 120_000),
    maxBodyBytes: int(env, "MAX_BODY_BYTES", 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxQueryDepth: int(env, "MAX_QUERY_DEPTH", 12, 2, 100),
    maxPageSize: int(env, "MAX_PAGE_SIZE", 100, 1, 1000),
    maxAttachmentBytes: int(env, "MAX_ATTACHMENT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    retentionIntervalMinutes: int(env, "RETENTION_INTERVAL_MINUTES", 24 * 60, 0, 366 * 24 * 60),
    retrievalFailureLimit: int(env, "RETRIEVAL_FAILURE_LIMIT", 20, 1, 10_000),
    retrievalWindowMinutes: int(env, "RETRIEVAL_WINDOW_MINUTES", 60, 1, 24 * 60),
    retrievalLockoutMinutes: int(env, "RETRIEVAL_LOCKOUT_MINUTES", 60, 1, 7 * 24 * 60),
    retention: {
      clinicalDays: int(env, "RETENTION_CLINICAL_DAYS", 5 * 365, 1, 100 * 365),
      labDays: int(env, "RETENTION_LAB_DAYS", 365, 1, 100 * 365),
      labKeepLast: int(env, "RETENTION_LAB_KEEP_LAST", 3, 0, 1000),
      prescriptionDays: int(env, "RETENTION_PRESCRIPTION_DAYS", 100, 1, 100 * 365),
      checkupDays: int(env, "RETENTION_CHECKUP_DAYS", 5 * 365, 1, 100 * 365),
      referralDaysAfterRetrieval: int(env, "RETENTION_REFERRAL_DAYS_AFTER_RETRIEVAL", 7, 0, 100 * 365),
    },
    maxAliases: int(env, "MAX_ALIASES", 30, 1, 1000),
    maxQueryCost: int(env, "MAX_QUERY_COST", 20_000, 10, 10_000_000),
    maxQueryTokens: int(env, "MAX_QUERY_TOKENS", 2000, 100, 1_000_000),
    maxDirectives: int(env, "MAX_DIRECTIVES", 50, 1, 10_000),
    ratePerSecond: int(env, "RATE_PER_SECOND", 50, 1, 100_000),
    rateBurst: int(env, "RATE_BURST", 200, 1, 1_000_000),
    emergencySweepMs: int(env, "EMERGENCY_SWEEP_MS", 30_000, 100, 24 * 3600_000),
    emergencyAccessMinutes: int(env, "EMERGENCY_ACCESS_MINUTES", 240, 1, 24 * 60),
    emergencyStartsPerHour: int(env, "EMERGENCY_STARTS_PER_HOUR", 10, 1, 1000),
    disasterStartsPerHour: int(env, "DISASTER_STARTS_PER_HOUR", 200, 1, 100_000),
    emergencyLookupsPerHour: int(env, "EMERGENCY_LOOKUPS_PER_HOUR", 20, 1, 1000),
    disasterLookupsPerHour: int(env, "DISASTER_LOOKUPS_PER_HOUR", 300, 1, 100_000),
    benchNoEnforcement: env.HUB_BENCH_NO_ENFORCEMENT === "1",
    publicUrl: url(env, "HUB_PUBLIC_URL", ["https:", "http:"])?.replace(/\/+$/, ""),
    notifications: {
      streamPollMs: int(env, "NOTIFY_POLL_MS", 250, 20, 60_000),
      webhookPollMs: int(env, "WEBHOOK_POLL_MS", 500, 20, 600_000),
      webhookRetryBaseMs: int(env, "WEBHOOK_RETRY_BASE_MS", 1000, 10, 3_600_000),
      webhookRetryMaxMs: int(env, "WEBHOOK_RETRY_MAX_MS", 3_600_000, 10, 86_400_000),
      webhookMaxAttempts: int(env, "WEBHOOK_MAX_ATTEMPTS", 10, 1, 100),
      webhookTimeoutMs: int(env, "WEBHOOK_TIMEOUT_MS", 5000, 100, 120_000),
    },
  };
}

let current: HubConfig | undefined;
/** The process-wide configuration, loaded on first use. */
export function config(): HubConfig {
  current ??= loadConfig();
  return current;
}
/** Replace the configuration (tests and the launcher, which pick free ports). */
export function setConfig(next: HubConfig): void {
  current = next;
}
