import assert from "node:assert/strict";
import type { DiwanServer } from "../../src/platform/server.js";
import { createSlotScheduler } from "../../src/services/rateLimit.js";
import { api, signup, startApiServer } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };

/** Issue 8, item 7: strangers cannot lock an owner out, and guessing stays slow. */
describe("login lockout by strangers", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  const login = (ip: string, email: string, password: string) =>
    api<ErrorBody>(server, "POST", "/auth/login", { body: { email, password }, headers: { "x-forwarded-for": ip } });

  describe("with the defaults (10 per account, 5 per account and address)", () => {
    before(async () => {
      // Only the per-IP budget is raised (one test machine plays many addresses); the slow-down is short.
      server = await startApiServer({ AUTH_RATE_LIMIT_PER_ACCOUNT: "10", AUTH_FAILURES_PER_ACCOUNT_IP: "5", LOGIN_SLOWDOWN_MS: "200", LOGIN_MAX_WAIT_MS: "1000" });
    });
    after(async () => {
      await server?.shutdown();
    });

    it("11 wrong passwords from one address do not lock the owner out of his account", async () => {
      const owner = await signup(server);
      const answers = [];
      for (let i = 0; i < 11; i++) answers.push((await login("192.0.2.66", owner.email, `wrong guess ${i}`)).status);
      assert.deepEqual(answers, [401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
      // The owner, from his own address, gets in (slowed down, never refused).
      const ok = await login("198.51.100.20", owner.email, owner.password);
      assert.equal(ok.status, 200);
      // The stranger's address stays refused for this account even with the right password.
      assert.equal((await login("192.0.2.66", owner.email, owner.password)).status, 429);
    });
  });

  describe("an account under a distributed attack", () => {
    before(async () => {
      // One slot a minute and no waiting: an attempt that would have to wait is decided at once.
      server = await startApiServer({ AUTH_RATE_LIMIT_PER_ACCOUNT: "10", AUTH_FAILURES_PER_ACCOUNT_IP: "5", LOGIN_SLOWDOWN_MS: "60000", LOGIN_MAX_WAIT_MS: "0" });
    });
    after(async () => {
      await server?.shutdown();
    });

    it("addresses that already failed get one guess per slot; an address with no failures still gets in", async () => {
      const owner = await signup(server);
      // Ten failures from three addresses put the account under attack.
      for (let i = 0; i < 5; i++) assert.equal((await login("192.0.2.1", owner.email, `guess a${i}`)).status, 401);
      for (let i = 0; i < 4; i++) assert.equal((await login("192.0.2.2", owner.email, `guess b${i}`)).status, 401);
      assert.equal((await login("192.0.2.3", owner.email, "guess c0")).status, 401);
      // The next attempt takes the account's free slot; the one after would wait a minute.
      assert.equal((await login("192.0.2.3", owner.email, "guess c1")).status, 401);
      const refused = await login("192.0.2.3", owner.email, "guess c2");
      assert.equal(refused.status, 429);
      assert.match(refused.body.error.message, /many failed logins/);
      assert.ok(Number(refused.headers.get("retry-after")) >= 59);
      assert.equal((await login("192.0.2.2", owner.email, "guess b4")).status, 429);
      // The owner's address never failed: he is let through, not refused.
      assert.equal((await login("203.0.113.50", owner.email, owner.password)).status, 200);
    });

    it("spaces attempts on one account LOGIN_SLOWDOWN_MS apart whatever their number", async () => {
      let now = 5_000;
      const slots = createSlotScheduler({ name: "t", spacingMs: 2000, now: () => now });
      assert.deepEqual([await slots.reserve("a"), await slots.reserve("a"), await slots.reserve("a")], [0, 2000, 4000]);
      assert.equal(await slots.reserve("b"), 0, "accounts are independent");
      now += 10_000;
      assert.equal(await slots.reserve("a"), 0, "an idle account is not slowed");
    });
  });
});
