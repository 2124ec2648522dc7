import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { skipPm2MetricsOutsidePm2 } from "../../src/platform/pm2Metrics.js";

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.issues.map((i) => i.variable);
  }
  assert.fail("expected a ConfigError");
}

describe("config", () => {
  it("has safe embedded defaults", () => {
    const c = loadConfig({});
    assert.equal(c.port, 2567);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.botDelayMs, 1500);
    assert.equal(c.env, "development");
    assert.equal(c.jwtSecretGenerated, true);
    assert.ok(c.jwtSecret.length >= 32);
    assert.equal(c.corsOrigins, "*");
  });

  it("reads and coerces every documented variable", () => {
    const c = loadConfig({
      PORT: "3000",
      PUBLIC_ADDRESS: "game1.example.com:3000",
      DATABASE_URL: "postgres://u:p@db:5432/diwan",
      REDIS_URL: "redis://cache:6379",
      JWT_SECRET: "x".repeat(40),
      CORS_ORIGINS: "https://a.example.com, https://b.example.com",
      MAX_ROOMS: "10",
      BOT_DELAY_MS: "0",
      TURN_TIMEOUT_S: "20",
      RECONNECT_GRACE_S: "30",
      LOG_LEVEL: "warn",
      ADMIN_USERNAME: "root",
      ADMIN_PASSWORD: "long-enough-password",
    });
    assert.equal(c.port, 3000);
    assert.equal(c.publicAddress, "game1.example.com:3000");
    assert.equal(c.databaseUrl, "postgres://u:p@db:5432/diwan");
    assert.equal(c.redisUrl, "redis://cache:6379");
    assert.equal(c.jwtSecretGenerated, false);
    assert.deepEqual(c.corsOrigins, ["https://a.example.com", "https://b.example.com"]);
    assert.equal(c.maxRooms, 10);
    assert.equal(c.botDelayMs, 0);
    assert.equal(c.turnTimeoutS, 20);
    assert.equal(c.reconnectGraceS, 30);
    assert.equal(c.logLevel, "warn");
    assert.equal(c.adminUsername, "root");
  });

  it("treats empty strings as unset", () => {
    const c = loadConfig({ DATABASE_URL: "", REDIS_URL: " ", JWT_SECRET: "" });
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.jwtSecretGenerated, true);
  });

  it("names each invalid variable", () => {
    assert.deepEqual(issuesOf({ PORT: "seventy" }), ["PORT"]);
    assert.deepEqual(issuesOf({ PORT: "70000" }), ["PORT"]);
    assert.deepEqual(issuesOf({ DATABASE_URL: "mysql://x" }), ["DATABASE_URL"]);
    assert.deepEqual(issuesOf({ REDIS_URL: "not a url" }), ["REDIS_URL"]);
    assert.deepEqual(issuesOf({ LOG_LEVEL: "loud" }), ["LOG_LEVEL"]);
    assert.deepEqual(issuesOf({ JWT_SECRET: "short" }), ["JWT_SECRET"]);
    assert.deepEqual(issuesOf({ BOT_DELAY_MS: "-1" }), ["BOT_DELAY_MS"]);
    assert.deepEqual(issuesOf({ CORS_ORIGINS: "example.com" }), ["CORS_ORIGINS"]);
    assert.deepEqual(issuesOf({ TURN_TIMEOUT_S: "10", TURN_WARNING_S: "10" }), ["TURN_WARNING_S"]);
    assert.deepEqual(issuesOf({ PORT: "x", MAX_ROOMS: "0" }).sort(), ["MAX_ROOMS", "PORT"]);
  });

  it("requires JWT_SECRET in production, and PUBLIC_ADDRESS with Redis there", () => {
    assert.deepEqual(issuesOf({ NODE_ENV: "production" }), ["JWT_SECRET"]);
    assert.deepEqual(
      issuesOf({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32), REDIS_URL: "redis://r:6379" }),
      ["PUBLIC_ADDRESS"],
    );
    const c = loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32) });
    assert.equal(c.logPretty, false);
  });

  it("says why in the error message", () => {
    assert.throws(() => loadConfig({ PORT: "abc" }), /PORT: .+/);
  });

  it("knows it runs under PM2 from pm_id; outside PM2 Colyseus's @pm2/io is a no-op stand-in", () => {
    assert.equal(loadConfig({}).underPm2, false);
    assert.equal(loadConfig({ pm_id: "3" }).underPm2, true);
    const key = Symbol.for("@pm2/io");
    const g = globalThis as Record<symbol, unknown>;
    const before = g[key];
    try {
      delete g[key];
      skipPm2MetricsOutsidePm2(true);
      assert.equal(g[key], undefined, "under PM2 the real @pm2/io is left to load");
      skipPm2MetricsOutsidePm2(false);
      const io = g[key] as unknown as { metric(o: object): { set(v: number): void } };
      assert.equal(typeof io.metric({ name: "ccu" }).set, "function");
    } finally {
      g[key] = before;
    }
  });
});
