import { loadConfig, type Config, type Env } from "../../src/platform/config.js";

/**
 * External services for tests come from DATABASE_URL / REDIS_URL (set by .ci/run).
 * Unset: PGlite in memory, and Redis-dependent tests skip with a printed reason.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.REDIS_URL || undefined;
export const TEST_JWT_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

export function testEnv(overrides: Env = {}): Env {
  return {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: "memory",
    DATABASE_URL: TEST_DATABASE_URL,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_USERNAME: "admin",
    ADMIN_PASSWORD: "admin-password-for-tests",
    BOT_DELAY_MS: "0",
    ...overrides,
  };
}

export function testConfig(overrides: Env = {}): Config {
  return loadConfig(testEnv(overrides));
}

/** Skip the calling suite when Redis is not configured, saying why. */
export function requireRedis(ctx: Mocha.Context): string {
  if (!TEST_REDIS_URL) {
    console.log("      (skipped: REDIS_URL is not set; .ci/run sets it so CI always runs these)");
    ctx.skip();
  }
  return TEST_REDIS_URL as string;
}
