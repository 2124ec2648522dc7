/**
 * StatementBatch (src/db/statementBatch.ts) over a real database: the table registry's writes of
 * many tables at once (a shutdown of every table) share a few transactions instead of one each,
 * every write gets its own results, and a write the database refuses fails alone.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { createMetrics, type Metrics } from "../../src/platform/metrics.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";

for (const backend of ["pglite", "postgres"] as const) {
  describe(`statement batch on ${backend}`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let metrics: Metrics;

    before(async function () {
      if (backend === "postgres" && !TEST_DATABASE_URL) {
        console.log("      (skipped: DATABASE_URL is not set; .ci/run sets it)");
        this.skip();
      }
      metrics = createMetrics();
      handle = await openDatabase({ databaseUrl: backend === "postgres" ? TEST_DATABASE_URL : undefined, dataDir: "memory", metrics });
      await migrateToLatest(handle.db);
    });
    after(async () => {
      await handle?.close();
    });

    const begins = async (): Promise<number> =>
      (await metrics.dbQueries.get()).values.filter((v) => v.labels.operation === "begin" && v.labels.result === "ok").reduce((n, v) => n + v.value, 0);

    it("200 tables marking themselves interrupted at once take a few transactions, each write with its own answer", async () => {
      const registry = new TableRegistry(handle.db);
      const rooms = Array.from({ length: 200 }, () => `room-${randomUUID().slice(0, 12)}`);
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

    it("a write the database refuses fails alone; the others in its batch are stored", async () => {
      const registry = new TableRegistry(handle.db);
      const rooms = Array.from({ length: 20 }, () => `room-${randomUUID().slice(0, 12)}`);
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
