import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { sql } from "kysely";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { roomServices } from "../../src/rooms/context.js";
import { testConfig } from "../helpers/env.js";
import { makeUser, sdkClient, until } from "../helpers/tables.js";

const TABLES = 20;
/** Low, so these few tables reach it (the default is sized for 1,250). */
const MAX_BACKLOG = 1000;
/** Bot moves one unattended burst may run past the bound (turns.ts MAX_INLINE_BOT_MOVES). */
const BURST = 64;

/**
 * Every player of many vs-bots tables leaves at once: the bots play every match to its end at
 * once, nobody waiting for them (turns.ts). On the embedded database that play used to outrun
 * the match log's writer and pile the entries up in the heap (bench:idle's teardown of 1,250
 * tables: ≈ 740 MB, then 5 s timeouts of lease renewals and match writes).
 */
describe("a mass leave of vs-bots tables on the embedded database", function () {
  this.timeout(120_000);
  let server: DiwanServer | undefined;

  before(async () => {
    server = await startDiwan(testConfig({ DATABASE_URL: "", DATA_DIR: "memory", BOT_DELAY_MS: "0" }));
  });
  after(async () => {
    await server?.shutdown();
  });

  it("stores every match to its end with the writer's backlog bounded", async () => {
    const store = roomServices().matchStore;
    store.maxBacklog = MAX_BACKLOG;
    const rooms: Room[] = [];
    for (let i = 0; i < TABLES; i++) {
      const room = await sdkClient(server!.url, await makeUser(`Leaver ${i}`)).create("baloot", { mode: "bots" });
      room.reconnection.enabled = false;
      room.onMessage("*", () => {});
      rooms.push(room);
    }
    await until(() => store.liveMatches.size === TABLES, 20_000, "every match started");
    const matchIds = [...store.liveMatches.keys()];

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, store.pendingEntries)), 1);
    try {
      await Promise.all(rooms.map((r) => r.leave(true)));
      await until(() => store.liveMatches.size === 0, 100_000, "every match finished and stored");
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak <= MAX_BACKLOG + TABLES * BURST, `backlog peaked at ${peak} entries`);
    assert.equal(store.pendingEntries, 0);

    const db = server!.database.db;
    const matches = await db
      .selectFrom("matches")
      .select(["id", "status", "event_count", "seed_revealed", sql<number>`(select count(*)::int from match_events e where e.match_id = matches.id)`.as("stored")])
      .where("id", "in", matchIds)
      .execute();
    assert.equal(matches.length, TABLES);
    for (const m of matches) {
      assert.equal(m.status, "finished", `match ${m.id}`);
      assert.ok(m.seed_revealed, `match ${m.id} seed revealed`);
      assert.ok(m.event_count > 0 && m.stored === m.event_count, `match ${m.id}: ${m.stored} entries stored, event_count ${m.event_count}`);
    }
    const tables = await db.selectFrom("tables").select("status").where("match_id", "in", matchIds).execute();
    assert.deepEqual(
      tables.map((t) => t.status),
      matchIds.map(() => "finished"),
    );
  });
});
