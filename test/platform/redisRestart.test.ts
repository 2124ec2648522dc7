import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { TEST_DATABASE_URL } from "../helpers/env.js";
import { makeUser, sdkClient, until, type TestUser } from "../helpers/tables.js";
import { logLines, startChild, stopChild, type ChildServer } from "./helpers/children.js";
import { PrivateRedis } from "./helpers/privateRedis.js";

async function quickMatch(url: string, user: TestUser): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${url}/matchmake/joinOrCreate/baloot`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ mode: "quick" }),
  });
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

const readyStatus = async (url: string) => (await fetch(`${url}/ready`)).status;

/** Poll until `check` passes, for at most `timeoutMs` (a liveness bound, not a speed assertion). */
async function eventually<T>(what: string, timeoutMs: number, fn: () => Promise<T>, ok: (v: T) => boolean): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (ok(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("Redis restart (issue 8 item 13): two processes, a private redis-server killed and restarted", function () {
  this.timeout(180_000);
  const redis = new PrivateRedis();
  const children: ChildServer[] = [];
  let host: Room | undefined;

  before(async () => {
    await redis.start();
    for (let i = 0; i < 2; i++) {
      const env = { REDIS_URL: redis.url, BOT_FILL_WAIT_S: "600", DATABASE_URL: TEST_DATABASE_URL };
      children.push(await startChild(env));
    }
  });

  after(async () => {
    await host?.leave().catch(() => {});
    await Promise.all(children.map((c) => stopChild(c)));
    redis.stop();
  });

  it("matchmaking answers 503 REDIS_UNAVAILABLE while Redis is down, /ready is 503, and both recover by themselves; join codes survive", async () => {
    const [a, b] = children as [ChildServer, ChildServer];
    const user = await makeUser("Seeker");
    // One unused seat reservation per user at a time (PROTOCOL.md §2): each probe is its own user.
    for (const c of children) assert.equal((await quickMatch(c.url, await makeUser("Seeker"))).status, 200, "quick match works before the outage");

    // A private table with a join code on process A.
    const owner = await makeUser("Host");
    host = await sdkClient(a.url, owner).create("baloot", { mode: "private" });
    host.onMessage("*", () => {});
    // The join code is the host's own seat field (seat 0; PROTOCOL.md §2).
    const hostCode = () => (host!.state as unknown as { seats: { joinCode?: string }[] }).seats?.[0]?.joinCode ?? "";
    await until(() => hostCode() !== "", 10_000, "join code");
    const code = hostCode();

    redis.stop();
    for (const c of children) await eventually("/ready 503", 15_000, () => readyStatus(c.url), (s) => s === 503);
    const during = await Promise.all(children.map(async (c) => quickMatch(c.url, await makeUser("Seeker"))));
    for (const r of during) {
      assert.equal(r.status, 503, r.body);
      assert.match(r.body, /REDIS_UNAVAILABLE/);
    }
    console.log(`      matchmaking during the outage answered in ${during.map((r) => `${r.ms} ms`).join(", ")}`);

    await new Promise((r) => setTimeout(r, 2500)); // several reconnect attempts while it is down
    await redis.start();
    const recoveredAt = Date.now();
    const recovery = await Promise.all(
      children.map(async (c) => {
        const seeker = await makeUser("Seeker");
        return eventually("quick match after restart", 30_000, () => quickMatch(c.url, seeker), (r) => r.status === 200);
      }),
    );
    for (const c of children) assert.equal(await readyStatus(c.url), 200);
    console.log(`      quick matchmaking recovered ${recovery.map((r) => `${r.ms} ms`).join(", ")} after Redis came back (restart at +0, ${Date.now() - recoveredAt} ms total)`);

    // The join code was kept in the database: still found through either process when they share
    // one (Postgres). On the embedded default each child has its own PGlite, and the Redis driver
    // may have created the table on either process: it is found through the one that holds it.
    const lookups = await Promise.all(
      [a, b].map(async (c) => {
        const res = await fetch(`${c.url}/tables/code/${code}`, { headers: { authorization: `Bearer ${user.token}` } });
        return { status: res.status, roomId: res.status === 200 ? ((await res.json()) as { roomId: string }).roomId : "" };
      }),
    );
    const found = lookups.filter((l) => l.status === 200);
    assert.equal(found.length, TEST_DATABASE_URL ? 2 : 1, JSON.stringify(lookups));
    for (const l of found) assert.equal(l.roomId, host.roomId);

    // Logged once per state change, as structured lines; nothing raw on stdout/stderr.
    for (const c of children) {
      const { json, other } = logLines(c);
      assert.equal(json.filter((l) => l.event === "redis_unreachable").length, 1, "one line when Redis goes away");
      assert.equal(json.filter((l) => l.event === "redis_reachable").length, 1, "one line when it is back");
      assert.deepEqual(other.filter((l) => /redis|ioredis|MaxRetries/i.test(l)), [], "no raw Redis errors on stdout/stderr");
    }
  });
});
