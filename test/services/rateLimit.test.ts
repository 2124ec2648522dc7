import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createRateLimiter, createTableCreationLimiter } from "../../src/services/rateLimit.js";
import { requireRedis } from "../helpers/env.js";

describe("rate limiter", () => {
  it("allows max hits per window, then refuses with the time left, then resets", async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ name: "t", windowMs: 10_000, max: 2, now: () => now });
    assert.equal((await limiter.take("a")).ok, true);
    assert.equal((await limiter.take("a")).ok, true);
    const third = await limiter.take("a");
    assert.equal(third.ok, false);
    assert.equal(third.retryAfterS, 10);
    assert.equal((await limiter.take("b")).ok, true, "keys are independent");
    now += 4_500;
    assert.equal((await limiter.take("a")).retryAfterS, 6);
    now += 6_000;
    assert.equal((await limiter.take("a")).ok, true, "a new window starts");
  });

  it("table creation limiter counts per user", async () => {
    const limiter = createTableCreationLimiter({ tableRateLimitPerMin: 1 }, undefined);
    assert.equal((await limiter.take("user-1")).ok, true);
    assert.equal((await limiter.take("user-1")).ok, false);
    assert.equal((await limiter.take("user-2")).ok, true);
  });

  describe("with Redis", function () {
    let redis: Redis;
    before(function () {
      const url = requireRedis(this);
      redis = new Redis(url);
    });
    after(() => redis?.disconnect());

    it("shares counters between limiters (processes) using the same Redis", async () => {
      const name = `test-${randomUUID()}`;
      const a = createRateLimiter({ name, windowMs: 60_000, max: 3, redis });
      const b = createRateLimiter({ name, windowMs: 60_000, max: 3, redis });
      assert.equal((await a.take("k")).ok, true);
      assert.equal((await b.take("k")).ok, true);
      assert.equal((await a.take("k")).ok, true);
      const refused = await b.take("k");
      assert.equal(refused.ok, false);
      assert.ok(refused.retryAfterS > 0 && refused.retryAfterS <= 60);
      await a.reset("k");
      assert.equal((await b.take("k")).ok, true);
    });
  });
});
