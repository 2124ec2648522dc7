import assert from "node:assert/strict";
import { Redis } from "ioredis";
import type { Room } from "@colyseus/sdk";
import { freePort } from "../helpers/ports.js";
import { spawnTs, stopProcess, waitForOutput, type Spawned } from "../helpers/processes.js";
import { requireRedis, testEnv, TEST_DATABASE_URL } from "../helpers/env.js";
import { Recorded, makeUser as makeTestUser, sdkClient, type TestUser } from "../helpers/tables.js";

interface PublicTable {
  roomId: string;
  spectators: number;
  status: string;
}

/** Two processes sharing Redis and Postgres: the public table list and the per-user holdings. */
describe("tables across processes (Redis + Postgres)", function () {
  this.timeout(120_000);
  const processes: Spawned[] = [];
  const urls: string[] = [];
  let redis: Redis | undefined;
  const users: TestUser[] = [];
  const makeUser = async (name: string) => {
    const user = await makeTestUser(name);
    users.push(user);
    return user;
  };

  before(async function () {
    const redisUrl = requireRedis(this);
    if (!TEST_DATABASE_URL) {
      console.log("      (skipped: DATABASE_URL is not set; processes must share a database)");
      this.skip();
    }
    redis = new Redis(redisUrl);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      urls.push(`http://127.0.0.1:${port}`);
      processes.push(spawnTs("test/fixtures/serverProcess.ts", { ...testEnv({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, BOT_FILL_WAIT_S: "600" }) }));
    }
    await Promise.all(processes.map((p) => waitForOutput(p, /READY \d+/, 60_000)));
  });

  after(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
    // The table creation limiter's counters of this test's users (they would live a minute).
    if (redis && users.length) await redis.del(...users.map((u) => `diwan:rl:tables:${u.id}`));
    redis?.disconnect();
  });

  async function publicTables(url: string, token: string): Promise<PublicTable[]> {
    const res = await fetch(`${url}/tables/public`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    return ((await res.json()) as { tables: PublicTable[] }).tables;
  }

  it("item 22: each process lists every process's public tables, kept current; item 11: holdings count on every process", async () => {
    const rooms: Room[] = [];
    try {
      for (const url of urls) {
        const room = await sdkClient(url, await makeUser("Lister")).create("baloot", { mode: "quick" });
        Recorded.of(room);
        rooms.push(room);
      }
      const watcher = await sdkClient(urls[1]!, await makeUser("Fan")).joinById(rooms[0]!.roomId, { spectate: true });
      Recorded.of(watcher);
      rooms.push(watcher);
      const token = (await makeUser("Browser")).token;
      for (const url of urls) {
        let tables: PublicTable[] = [];
        for (let i = 0; i < 50; i++) {
          tables = await publicTables(url, token);
          if (tables.find((t) => t.roomId === rooms[0]!.roomId)?.spectators === 1 && tables.some((t) => t.roomId === rooms[1]!.roomId)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(tables.find((t) => t.roomId === rooms[0]!.roomId)?.spectators, 1, `${url} sees the spectator count`);
        assert.ok(tables.some((t) => t.roomId === rooms[1]!.roomId), `${url} lists the other table`);
      }

      // One user's tables are counted wherever they run.
      const busy = await makeUser("Busy");
      rooms.push(await sdkClient(urls[0]!, busy).create("baloot", { mode: "private" }));
      rooms.push(await sdkClient(urls[1]!, busy).create("baloot", { mode: "private" }));
      rooms.slice(-2).forEach((r) => Recorded.of(r));
      await new Promise((r) => setTimeout(r, 100));
      for (const url of urls) {
        await assert.rejects(sdkClient(url, busy).create("baloot", { mode: "bots" }), /TABLE_LIMIT/);
      }
    } finally {
      await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
    }
    // Leaving released every hold: nothing of these users is left in Redis.
    for (let i = 0; i < 50; i++) {
      const keys = [...(await redis!.keys("diwan:holdings:*")), ...(await redis!.keys("diwan:holding-claim:*"))];
      if (keys.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual([...(await redis!.keys("diwan:holdings:*")), ...(await redis!.keys("diwan:holding-claim:*"))], []);
  });
});
