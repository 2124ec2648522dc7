import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DatabaseHandle } from "../../src/db/database.js";
import { createMetrics, type Metrics } from "../../src/platform/metrics.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { BACKENDS, openMigrated } from "../helpers/database.js";

for (const backend of BACKENDS) {
  describe(`table registry on ${backend}`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let registry: TableRegistry;
    let metrics: Metrics;

    before(async function () {
      metrics = createMetrics();
      handle = await openMigrated(this, backend, metrics);
      registry = new TableRegistry(handle.db);
    });
    after(async () => {
      await handle?.close();
    });

    const user = async () =>
      (await handle.db.insertInto("users").values({ display_name: "T", email: `t-${randomUUID()}@example.test` }).returning("id").executeTakeFirstOrThrow()).id;
    const room = () => `reg-${randomUUID().slice(0, 12)}`;
    const begins = async (): Promise<number> =>
      (await metrics.dbQueries.get()).values.filter((v) => v.labels.operation === "begin" && v.labels.result === "ok").reduce((n, v) => n + v.value, 0);

    it("records a table, its members and status changes; a re-creation only moves it to the new process", async () => {
      const owner = await user();
      const other = await user();
      const id = room();
      await registry.created({ roomId: id, game: "baloot", mode: "private", ranked: false, ownerId: owner, options: { turnSeconds: 30 }, processId: "p1" });
      let t = await registry.get(id);
      assert.ok(t);
      assert.equal(t.status, "waiting");
      assert.equal(t.ownerId, owner);
      assert.equal(t.processId, "p1");
      assert.deepEqual(t.options, { turnSeconds: 30 });
      assert.equal(t.pausedMs, 0);
      assert.deepEqual(t.members, []);

      await registry.members(id, [{ userId: owner, seat: 0 }, { userId: other, seat: 2 }]);
      await registry.members(id, [{ userId: owner, seat: 1 }]);
      t = await registry.get(id);
      assert.deepEqual(t?.members, [{ userId: owner, seat: 1 }]);

      const matchId = randomUUID();
      assert.equal(await registry.status(id, { status: "playing", matchId, processId: "p1" }), true);
      await registry.created({ roomId: id, game: "baloot", mode: "private", ranked: false, ownerId: owner, options: {}, processId: "p2" });
      t = await registry.get(id);
      assert.equal(t?.status, "playing");
      assert.equal(t?.matchId, matchId);
      assert.equal(t?.processId, "p2");
      assert.deepEqual(t?.options, { turnSeconds: 30 }, "options of the first creation kept");

      assert.deepEqual((await registry.mine(other)).map((x) => x.roomId), [], "no longer seated");
      assert.deepEqual((await registry.mine(owner)).map((x) => x.roomId), [id]);
    });

    it("keeps paused_at and paused_ms right across pauses", async () => {
      const owner = await user();
      const id = room();
      await registry.created({ roomId: id, game: "baloot", mode: "bots", ranked: false, ownerId: owner, options: {}, processId: "p1" });
      await registry.status(id, { status: "playing", matchId: randomUUID() });
      await registry.status(id, { status: "paused", pausedReason: "manual", pausedBy: owner });
      // Pretend the pause began 2 s ago.
      await handle.db.updateTable("tables").set({ paused_at: sql`now() - interval '2 seconds'` }).where("room_id", "=", id).execute();
      let t = await registry.get(id);
      assert.equal(t?.status, "paused");
      assert.equal(t?.pausedReason, "manual");
      assert.equal(t?.pausedBy, owner);
      assert.ok(t?.pausedAt instanceof Date);
      assert.ok((t?.pausedMs ?? 0) >= 2000, "the running pause counts");
      // Pausing again keeps the first stamp.
      await registry.status(id, { status: "paused", pausedReason: "idle" });
      t = await registry.get(id);
      assert.ok((t?.pausedMs ?? 0) >= 2000);
      assert.equal(t?.pausedReason, "idle");
      await registry.status(id, { status: "playing" });
      t = await registry.get(id);
      assert.equal(t?.status, "playing");
      assert.equal(t?.pausedAt, null);
      assert.equal(t?.pausedReason, null);
      assert.ok((t?.pausedMs ?? 0) >= 2000 && (t?.pausedMs ?? 0) < 60_000, `paused_ms ${t?.pausedMs}`);
    });

    it("never moves a table out of a terminal status", async () => {
      const id = room();
      await registry.created({ roomId: id, game: "baloot", mode: "quick", ranked: false, ownerId: null, options: {}, processId: "p1" });
      await registry.status(id, { status: "finished", processId: null });
      assert.equal(await registry.status(id, { status: "interrupted" }), false);
      assert.equal((await registry.get(id))?.status, "finished");
      assert.equal(await registry.abandon(id), false);
    });

    it("lists by status and game, saves room state and touches activity", async () => {
      const id = room();
      await registry.created({ roomId: id, game: "baseball", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p1" });
      await registry.saveRoomState(id, { seats: [1, 2] });
      await handle.db.updateTable("tables").set({ last_activity_at: sql`now() - interval '1 hour'` }).where("room_id", "=", id).execute();
      const before = (await registry.get(id))?.lastActivityAt.getTime() ?? 0;
      await registry.touch([id]);
      const t = await registry.get(id);
      assert.deepEqual(t?.roomState, { seats: [1, 2] });
      assert.ok((t?.lastActivityAt.getTime() ?? 0) > before);
      assert.ok((await registry.list({ game: "baseball", status: "waiting" })).some((x) => x.roomId === id));
      assert.ok(!(await registry.list({ game: "baloot", status: "waiting" })).some((x) => x.roomId === id));
    });

    it("abandons stale paused and interrupted tables and their matches (no results)", async () => {
      const mk = async (status: "paused" | "interrupted" | "playing", ageDays: number) => {
        const id = room();
        const match = await handle.db
          .insertInto("matches")
          .values({ game: "baloot", room_id: id, options: JSON.stringify({}), seed: "s", status: status === "playing" ? "live" : "interrupted" })
          .returning("id")
          .executeTakeFirstOrThrow();
        await registry.created({ roomId: id, game: "baloot", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p1" });
        await registry.status(id, { status, matchId: match.id });
        await handle.db
          .updateTable("tables")
          .set({ last_activity_at: sql`now() - make_interval(days => ${ageDays})` })
          .where("room_id", "=", id)
          .execute();
        return { id, matchId: match.id };
      };
      const old = await mk("paused", 8);
      const oldInterrupted = await mk("interrupted", 30);
      const recent = await mk("paused", 2);
      const playing = await mk("playing", 9);
      const abandoned = await registry.abandonStale(7);
      assert.ok(abandoned.includes(old.id) && abandoned.includes(oldInterrupted.id));
      assert.ok(!abandoned.includes(recent.id) && !abandoned.includes(playing.id));
      const status = async (m: string) => (await handle.db.selectFrom("matches").select(["status", "results_applied_at"]).where("id", "=", m).executeTakeFirstOrThrow());
      assert.equal((await status(old.matchId)).status, "abandoned");
      assert.equal((await status(old.matchId)).results_applied_at, null);
      assert.equal((await status(recent.matchId)).status, "interrupted");
      assert.equal((await status(playing.matchId)).status, "live");
      assert.equal((await registry.get(old.id))?.status, "abandoned");
      // An unloaded table deleted over REST.
      assert.equal(await registry.abandon(recent.id), true);
      assert.equal((await status(recent.matchId)).status, "abandoned");
    });

    it("reports usage per UTC day: tables created, minutes played, bot minutes", async () => {
      const owner = await user();
      const id = room();
      await registry.created({ roomId: id, game: "baloot", mode: "bots", ranked: false, ownerId: owner, options: {}, processId: "p1" });
      const match = await handle.db
        .insertInto("matches")
        .values({ game: "baloot", room_id: id, options: JSON.stringify({}), seed: "s", status: "finished", duration_ms: 10 * 60_000, ended_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await handle.db
        .insertInto("match_players")
        .values([0, 1, 2, 3].map((seat) => ({ match_id: match.id, seat, team: seat % 2, user_id: seat === 0 ? owner : null, display_name: `P${seat}`, is_bot: seat !== 0 })))
        .execute();
      await registry.status(id, { status: "playing", matchId: match.id });
      await registry.status(id, { status: "paused" });
      await handle.db.updateTable("tables").set({ paused_at: sql`now() - interval '2 minutes'` }).where("room_id", "=", id).execute();
      await registry.status(id, { status: "finished" });
      const usage = await registry.usage(owner, 7);
      assert.equal(usage.length, 1);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(usage[0]?.day, today);
      assert.equal(usage[0]?.tablesCreated, 1);
      assert.equal(usage[0]?.minutesPlayed, 8);
      assert.equal(usage[0]?.botMinutes, 24);
      assert.deepEqual(await registry.usage(await user(), 7), []);
    });

    it("200 tables marking themselves interrupted at once take a few transactions, each write with its own answer", async () => {
      const rooms = Array.from({ length: 200 }, room);
      await Promise.all(rooms.map((roomId) => registry.created({ roomId, game: "duel", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p" })));
      await Promise.all(rooms.map((roomId) => registry.status(roomId, { status: "playing", processId: "p" })));
      // One table ended already: a late status write does not revive it (and says so).
      await registry.status(rooms[0]!, { status: "finished", processId: null });
      const beginsBefore = await begins();
      const changed = await Promise.all(
        rooms.map(async (roomId) => {
          await registry.saveRoomState(roomId, { clocks: roomId });
          return registry.status(roomId, { status: "interrupted", processId: null });
        }),
      );
      // Not 400 statements each on a connection of its own: a few transactions, one at a time.
      const transactions = (await begins()) - beginsBefore;
      assert.ok(transactions >= 1 && transactions <= 4, `${transactions} transactions for 400 writes`);
      assert.deepEqual(changed, rooms.map((_, i) => i !== 0));
      const rows = await handle.db.selectFrom("tables").select(["room_id", "status", "room_state"]).where("room_id", "in", rooms).execute();
      const byRoom = new Map(rows.map((r) => [r.room_id, r]));
      assert.equal(byRoom.get(rooms[0]!)?.status, "finished");
      for (const roomId of rooms.slice(1)) {
        assert.equal(byRoom.get(roomId)?.status, "interrupted");
        assert.deepEqual(byRoom.get(roomId)?.room_state, { clocks: roomId });
      }
    });

    it("settled() waits for every write asked for, also those nobody awaits (rooms at shutdown, before the database closes)", async () => {
      const rooms = Array.from({ length: 100 }, room);
      await Promise.all(rooms.map((roomId) => registry.created({ roomId, game: "duel", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p" })));
      // Fire and forget, as a disposing room does; settled() alone must cover them.
      for (const roomId of rooms) void registry.status(roomId, { status: "interrupted", processId: null });
      await registry.settled();
      const rows = await handle.db.selectFrom("tables").select("status").where("room_id", "in", rooms).execute();
      assert.deepEqual(
        rows.map((r) => r.status),
        rooms.map(() => "interrupted"),
      );
    });

    it("a write the database refuses fails alone; the others in its batch are stored", async () => {
      const rooms = Array.from({ length: 20 }, room);
      const batch = (registry as unknown as { batch: { run(q: unknown[]): Promise<unknown[]> } }).batch;
      const results = await Promise.allSettled(
        rooms.map((roomId, i) =>
          i === 5
            ? batch.run([sql`select 1 / 0`.compile(handle.db)])
            : registry.created({ roomId, game: "duel", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p" }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        rooms.map((_, i) => (i === 5 ? "rejected" : "fulfilled")),
      );
      const stored = await handle.db.selectFrom("tables").select("room_id").where("room_id", "in", rooms).execute();
      assert.equal(stored.length, 19);
    });
  });
}
