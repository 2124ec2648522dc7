import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createRateLimiter, createSlotScheduler, createTableCreationLimiter } from "../../src/services/rateLimit.js";
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

  it("peek reads a key's count in its window without counting", async () => {
    let now = 0;
    const limiter = createRateLimiter({ name: "p", windowMs: 1000, max: 5, now: () => now });
    assert.equal(await limiter.peek("a"), 0);
    await limiter.take("a");
    await limiter.take("a");
    assert.equal(await limiter.peek("a"), 2);
    assert.equal(await limiter.peek("a"), 2);
    now += 1000;
    assert.equal(await limiter.peek("a"), 0, "the window ended");
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
      assert.equal(await a.peek("k"), 1, "peek reads the shared count without adding to it");
      assert.equal(await b.peek("k"), 1);
      await a.reset("k");
    });

    it("shares login slots between processes", async () => {
      const name = `test-${randomUUID()}`;
      let now = 50_000;
      const a = createSlotScheduler({ name, spacingMs: 1000, redis, now: () => now });
      const b = createSlotScheduler({ name, spacingMs: 1000, redis, now: () => now });
      assert.deepEqual([await a.reserve("acct"), await b.reserve("acct"), await a.reserve("acct")], [0, 1000, 2000]);
      now += 3000;
      assert.equal(await b.reserve("acct"), 0);
      await redis.del(`diwan:slots:${name}:acct`);
    });
  });
});
