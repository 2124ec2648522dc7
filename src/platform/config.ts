import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";

/**
 * Every setting of the server, read from the environment once and validated here.
 * Nothing else reads process.env: the config object is passed to whoever needs it.
 */

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const urlWithProtocols = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`)
      .optional(),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set by PM2 in the processes it runs (its process id): Colyseus then publishes to PM2 (pm2Metrics.ts). */
  pm_id: z.string().optional(),
  PORT: intFrom(0, 65535).default(2567),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_ADDRESS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[^\s/]+(:\d+)?(\/\S*)?$/, "must be host[:port][/path] without a protocol, e.g. game1.example.com:2567")
      .optional(),
  ),
  DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"]),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_POOL_SIZE: intFrom(1, 200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: intFrom(100, 120_000).default(5000),
  DATABASE_ACQUIRE_TIMEOUT_MS: intFrom(100, 120_000).default(5000),
  DATABASE_STATEMENT_TIMEOUT_MS: intFrom(100, 600_000).default(10_000),
  JOURNAL_DIR: optionalString,
  MATCH_LEASE_S: intFrom(5, 3600).default(60),
  ABANDON_AFTER_DAYS: intFrom(1, 3650).default(7),
  ABANDON_SWEEP_INTERVAL_MS: intFrom(1000, 86_400_000).default(3_600_000),
  REDIS_URL: urlWithProtocols(["redis:", "rediss:"]),
  JWT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  CORS_ORIGINS: z.string().default("*"),
  MAX_ROOMS: intFrom(1, 1_000_000).default(5000),
  BOT_DELAY_MS: intFrom(0, 60_000).default(1500),
  BOT_FILL_WAIT_S: intFrom(0, 3600).default(10),
  BOT_LEVEL: z.enum(["basic", "strong"]).default("basic"),
  TURN_TIMEOUT_S: intFrom(1, 3600).default(30),
  TURN_WARNING_S: intFrom(0, 3600).default(10),
  MAX_TIMEOUTS: intFrom(1, 100).default(3),
  RECONNECT_GRACE_S: intFrom(0, 3600).default(60),
  IDLE_PAUSE_S: intFrom(0, 7 * 86_400).default(300),
  SHUTDOWN_TIMEOUT_S: intFrom(1, 600).default(25),
  LISTEN_TIMEOUT_S: intFrom(1, 120).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).optional()),
  ADMIN_USERNAME: z.string().min(1).default("admin"),
  ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 12, "must be at least 12 characters"),
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  // Removed (issue 8): a role must never follow from claiming an unverified address.
  ADMIN_EMAILS: optionalString.refine((v) => v === undefined, "was removed: no role comes from an e-mail address; create the first admin with `npm run create-admin`"),
  SERVICE_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  ACCESS_TOKEN_TTL_S: intFrom(30, 86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: intFrom(1, 365).default(30),
  AUTH_RATE_LIMIT_PER_IP: intFrom(1, 100_000).default(30),
  AUTH_RATE_LIMIT_PER_ACCOUNT: intFrom(1, 100_000).default(10),
  AUTH_FAILURES_PER_ACCOUNT_IP: intFrom(1, 100_000).default(5),
  LOGIN_SLOWDOWN_MS: intFrom(0, 60_000).default(2000),
  LOGIN_MAX_WAIT_MS: intFrom(0, 120_000).default(10_000),
  ADMIN_BASIC_FAILURES_PER_MIN: intFrom(1, 100_000).default(10),
  REFRESH_RATE_LIMIT_PER_MIN: intFrom(1, 100_000).default(30),
  REFRESH_GRACE_S: intFrom(0, 60).default(10),
  TOKEN_CHECK_CACHE_MS: intFrom(0, 5000).default(5000),
  TABLE_RATE_LIMIT_PER_MIN: intFrom(1, 100_000).default(10),
  TABLE_CODE_LOOKUPS_PER_MIN: intFrom(1, 100_000).default(30),
  FAIRNESS_FOLD_INTERVAL_MS: intFrom(100, 86_400_000).default(60_000),
  BASEBALL_STATS_INTERVAL_MS: intFrom(100, 86_400_000).default(60_000),
  // Tracing (OpenTelemetry): off unless an OTLP endpoint is given (docs/OPERATIONS.md, "Observability").
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocols(["http:", "https:"]),
  OTEL_SERVICE_NAME: z.string().regex(/^[\w.-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'").default("diwan"),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  publicAddress: string | undefined;
  databaseUrl: string | undefined;
  /** Folder of the embedded PGlite database; "memory" keeps it in memory (tests). */
  dataDir: string;
  databasePoolSize: number;
  /** Opening a Postgres connection. */
  databaseConnectTimeoutMs: number;
  /** Waiting for a free connection (pg pool, PGlite queue). */
  databaseAcquireTimeoutMs: number;
  /** One statement (Postgres statement_timeout; the client gives up 1 s later). */
  databaseStatementTimeoutMs: number;
  /**
   * Folder of the local match journal (one append-only file per process). Default: DATA_DIR/journal;
   * with DATA_DIR=memory and no JOURNAL_DIR there is no local journal (nothing is meant to survive).
   */
  journalDir: string | undefined;
  /** How long a live match's owner vouches for it; renewed every quarter of it. */
  matchLeaseS: number;
  /** Paused and interrupted tables idle longer than this many days are abandoned (no league points). */
  abandonAfterDays: number;
  /** How often the abandon sweep runs. */
  abandonSweepIntervalMs: number;
  redisUrl: string | undefined;
  jwtSecret: string;
  /** True when JWT_SECRET was not set and a throw-away development secret was generated. */
  jwtSecretGenerated: boolean;
  /** Run by PM2 (`pm_id` set): Colyseus's `@pm2/io` metrics are kept; elsewhere a no-op stands in. */
  underPm2: boolean;
  /** "*" or an explicit list of allowed origins. */
  corsOrigins: "*" | string[];
  maxRooms: number;
  botDelayMs: number;
  botFillWaitS: number;
  /** Default bot strength ("basic" heuristic | "strong" search); tables may choose their own. */
  botLevel: "basic" | "strong";
  turnTimeoutS: number;
  turnWarningS: number;
  maxTimeouts: number;
  reconnectGraceS: number;
  /**
   * A started table where no human has acted, (re)connected or been on the clock for this long
   * is paused (reason "idle") and unloaded from memory; 0 turns the rule off (docs/PROTOCOL.md "Idle tables").
   */
  idlePauseS: number;
  shutdownTimeoutS: number;
  listenTimeoutS: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  logPretty: boolean;
  adminUsername: string;
  adminPassword: string | undefined;
  /** True when ADMIN_PASSWORD was unset in development and a random one was generated (printed at start). */
  adminPasswordGenerated: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Bearer token for trusted services reporting results (POST /game-result). */
  serviceToken: string | undefined;
  accessTokenTtlS: number;
  refreshTokenTtlDays: number;
  /** Login, signup and guest creation: requests per IP per minute, each route separately. */
  authRateLimitPerIp: number;
  /** Failed logins per account (from all addresses) per 15 minutes before its logins are slowed down. */
  authRateLimitPerAccount: number;
  /** Failed logins per account from one address per 15 minutes before that address is refused for it. */
  authFailuresPerAccountIp: number;
  /** Spacing between login attempts on an account under attack (per account). */
  loginSlowdownMs: number;
  /** Longest a login waits for its slot; past it, addresses with failures are refused. */
  loginMaxWaitMs: number;
  /** Failed HTTP Basic admin logins per IP per minute (monitor and admin routes). */
  adminBasicFailuresPerMin: number;
  /** POST /auth/refresh calls per IP per minute. */
  refreshRateLimitPerMin: number;
  /** Seconds during which a duplicate refresh gets the same new pair instead of revoking the login. */
  refreshGraceS: number;
  /** How long a token-version / login check may be cached (at most 5 s). */
  tokenCheckCacheMs: number;
  /** Tables a user may create per minute (the room layer calls the limiter). */
  tableRateLimitPerMin: number;
  /** `GET /tables/code/:code` lookups per user per minute (join codes are short: no guessing). */
  tableCodeLookupsPerMin: number;
  /** How often finished matches are folded into the fairness profiles (docs/FAIRNESS.md). */
  fairnessFoldIntervalMs: number;
  /** How often finished baseball matches are folded into the league-stats views (besides after each match). */
  baseballStatsIntervalMs: number;
  /** OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`); unset: tracing off, no cost. */
  otlpEndpoint: string | undefined;
  /** `service.name` of exported spans. */
  otelServiceName: string;
  /** Share of new traces recorded (0..1); a request carrying a `traceparent` follows its caller's decision. */
  otelSampleRatio: number;
}

export class ConfigError extends Error {
  readonly issues: { variable: string; reason: string }[];

  constructor(issues: { variable: string; reason: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.reason}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

export type Env = Record<string, string | undefined>;

/** The process's own environment: the one place the server reads `process.env`. */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}

/** Validate an environment into a Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), reason: issue.message })),
    );
  }
  const e = parsed.data;
  const issues: { variable: string; reason: string }[] = [];
  if (e.NODE_ENV === "production" && !e.JWT_SECRET) {
    issues.push({ variable: "JWT_SECRET", reason: "is required when NODE_ENV=production" });
  }
  if (e.REDIS_URL && !e.PUBLIC_ADDRESS && e.NODE_ENV === "production") {
    issues.push({
      variable: "PUBLIC_ADDRESS",
      reason: "is required with REDIS_URL in production (other processes must reach this one)",
    });
  }
  if (e.TURN_WARNING_S >= e.TURN_TIMEOUT_S) {
    issues.push({ variable: "TURN_WARNING_S", reason: "must be smaller than TURN_TIMEOUT_S" });
  }
  const origins = e.CORS_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin !== "*" && !/^https?:\/\/[^\s/]+$/.test(origin)) {
      issues.push({ variable: "CORS_ORIGINS", reason: `"${origin}" is not an origin like https://app.example.com` });
    }
  }
  if (issues.length) throw new ConfigError(issues);

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicAddress: e.PUBLIC_ADDRESS,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    databaseAcquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
    databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    journalDir: e.JOURNAL_DIR ?? (e.DATA_DIR === "memory" ? undefined : join(e.DATA_DIR, "journal")),
    matchLeaseS: e.MATCH_LEASE_S,
    abandonAfterDays: e.ABANDON_AFTER_DAYS,
    abandonSweepIntervalMs: e.ABANDON_SWEEP_INTERVAL_MS,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString("hex"),
    jwtSecretGenerated: !e.JWT_SECRET,
    underPm2: e.pm_id !== undefined,
    corsOrigins: origins.length === 0 || origins.includes("*") ? "*" : origins,
    maxRooms: e.MAX_ROOMS,
    botDelayMs: e.BOT_DELAY_MS,
    botFillWaitS: e.BOT_FILL_WAIT_S,
    botLevel: e.BOT_LEVEL,
    turnTimeoutS: e.TURN_TIMEOUT_S,
    turnWarningS: e.TURN_WARNING_S,
    maxTimeouts: e.MAX_TIMEOUTS,
    reconnectGraceS: e.RECONNECT_GRACE_S,
    idlePauseS: e.IDLE_PAUSE_S,
    shutdownTimeoutS: e.SHUTDOWN_TIMEOUT_S,
    listenTimeoutS: e.LISTEN_TIMEOUT_S,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ? e.LOG_PRETTY === "true" : e.NODE_ENV === "development",
    adminUsername: e.ADMIN_USERNAME,
    // Development without ADMIN_PASSWORD: a random one (printed at start) so the monitor opens.
    adminPassword: e.ADMIN_PASSWORD ?? (e.NODE_ENV === "development" ? randomBytes(12).toString("base64url") : undefined),
    adminPasswordGenerated: !e.ADMIN_PASSWORD && e.NODE_ENV === "development",
    metricsToken: e.METRICS_TOKEN,
    serviceToken: e.SERVICE_TOKEN,
    accessTokenTtlS: e.ACCESS_TOKEN_TTL_S,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    authRateLimitPerIp: e.AUTH_RATE_LIMIT_PER_IP,
    authRateLimitPerAccount: e.AUTH_RATE_LIMIT_PER_ACCOUNT,
    authFailuresPerAccountIp: e.AUTH_FAILURES_PER_ACCOUNT_IP,
    loginSlowdownMs: e.LOGIN_SLOWDOWN_MS,
    loginMaxWaitMs: e.LOGIN_MAX_WAIT_MS,
    adminBasicFailuresPerMin: e.ADMIN_BASIC_FAILURES_PER_MIN,
    refreshRateLimitPerMin: e.REFRESH_RATE_LIMIT_PER_MIN,
    refreshGraceS: e.REFRESH_GRACE_S,
    tokenCheckCacheMs: e.TOKEN_CHECK_CACHE_MS,
    tableRateLimitPerMin: e.TABLE_RATE_LIMIT_PER_MIN,
    tableCodeLookupsPerMin: e.TABLE_CODE_LOOKUPS_PER_MIN,
    fairnessFoldIntervalMs: e.FAIRNESS_FOLD_INTERVAL_MS,
    baseballStatsIntervalMs: e.BASEBALL_STATS_INTERVAL_MS,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: e.OTEL_SERVICE_NAME,
    otelSampleRatio: e.OTEL_TRACES_SAMPLER_ARG,
  };
}
