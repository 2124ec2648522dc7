import assert from "node:assert/strict";
import { sql } from "kysely";
import { pino } from "pino";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { AuditLog } from "../../src/services/audit.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { AbandonSweep } from "../../src/services/tableSweep.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";

describe("ABANDON_AFTER_DAYS and the abandon sweep", function () {
  this.timeout(60_000);
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: "memory" });
    await migrateToLatest(handle.db);
  });
  after(async () => {
    await handle?.close();
  });

  it("ABANDON_AFTER_DAYS defaults to 7 and refuses values below 1", () => {
    assert.equal(loadConfig({}).abandonAfterDays, 7);
    assert.equal(loadConfig({}).abandonSweepIntervalMs, 3_600_000);
    assert.equal(loadConfig({ ABANDON_AFTER_DAYS: "30" }).abandonAfterDays, 30);
    assert.throws(() => loadConfig({ ABANDON_AFTER_DAYS: "0" }), (err: unknown) => err instanceof ConfigError && err.issues.some((i) => i.variable === "ABANDON_AFTER_DAYS"));
  });

  it("abandons a paused table older than the limit with its match, audits it, and leaves recent ones and those a live process holds", async () => {
    const registry = new TableRegistry(handle.db);
    const logger = pino({ level: "silent" });
    const audit = new AuditLog(handle.db, logger);
    const table = async (ageDays: number) => {
      const roomId = `sweep-${Math.random().toString(36).slice(2, 10)}`;
      const m = await handle.db
        .insertInto("matches")
        .values({ game: "baloot", room_id: roomId, options: JSON.stringify({}), seed: "s", status: "live" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await registry.created({ roomId, game: "baloot", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p" });
      await registry.status(roomId, { status: "paused", matchId: m.id, pausedReason: "idle", processId: null });
      await handle.db.updateTable("tables").set({ last_activity_at: sql`now() - make_interval(days => ${ageDays})` }).where("room_id", "=", roomId).execute();
      return { roomId, matchId: m.id };
    };
    const old = await table(10);
    const recent = await table(1);
    const sweep = new AbandonSweep(registry, { days: 7, intervalMs: 3_600_000, logger, audit });
    const abandoned = await sweep.sweep();
    assert.ok(abandoned.includes(old.roomId));
    assert.ok(!abandoned.includes(recent.roomId));
    assert.equal((await handle.db.selectFrom("matches").select("status").where("id", "=", old.matchId).executeTakeFirstOrThrow()).status, "abandoned");
    assert.equal((await handle.db.selectFrom("matches").select("status").where("id", "=", recent.matchId).executeTakeFirstOrThrow()).status, "live");
    await audit.drain();
    const row = await handle.db.selectFrom("audit_log").select("detail").where("kind", "=", "table.abandoned").where("room_id", "=", old.roomId).executeTakeFirst();
    assert.deepEqual(row?.detail, { reason: "stale", afterDays: 7 });
    assert.deepEqual(await sweep.sweep(), [], "nothing twice");
    // A table a live process still holds (its lease runs) is left to that process.
    const held = `held-${Math.random().toString(36).slice(2, 10)}`;
    await handle.db.insertInto("process_leases").values({ process_id: held, host: "h", pid: 1, started_at: new Date(), lease_until: new Date(Date.now() + 60_000) }).execute();
    await registry.created({ roomId: held, game: "baloot", mode: "bots", ranked: false, ownerId: null, options: {}, processId: held });
    await registry.status(held, { status: "paused", pausedReason: "manual" });
    await handle.db.updateTable("tables").set({ last_activity_at: sql`now() - interval '30 days'` }).where("room_id", "=", held).execute();
    assert.deepEqual(await sweep.sweep(), []);
    await handle.db.updateTable("process_leases").set({ lease_until: new Date(Date.now() - 1000) }).where("process_id", "=", held).execute();
    assert.deepEqual(await sweep.sweep(), [held], "its process's lease lapsed");
    await sweep.stop();
  });
});
