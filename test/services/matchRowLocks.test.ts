/**
 * Transactions that update several match rows lock them in one order (match id), so a lease
 * renewal and the batched writer (or the sweeps) over the same matches can never deadlock.
 * Postgres only: the embedded PGlite runs one transaction at a time.
 *
 * The interleaving is made, not hoped for: a third connection holds a row in the middle of the
 * writer's order, the writer and the other transaction queue behind it, then it lets go. Had the
 * two locked the rows in opposite orders, each would now hold a row the other waits for
 * ("deadlock detected").
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DatabaseHandle } from "../../src/db/database.js";
import { executeInOneTransaction } from "../../src/db/wholeTransaction.js";
import { MatchStore, type MatchStartRecord, type MatchWrite } from "../../src/services/matchStore.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { openMigrated } from "../helpers/database.js";

const PROCESS = "p-lock-order-test";
const MATCHES = 6;

function startRecord(matchId: string): MatchStartRecord {
  return {
    matchId,
    game: "duel",
    roomId: `room-${matchId.slice(0, 8)}`,
    ranked: false,
    options: {},
    seed: "seed",
    processId: PROCESS,
    startedAt: new Date(),
    players: [],
  };
}

describe("match row locks on postgres: one order for every multi-row writer", function () {
  this.timeout(60_000);
  let handle: DatabaseHandle;
  let store: MatchStore;

  before(async function () {
    handle = await openMigrated(this, "postgres");
    store = new MatchStore(handle.db, { leaseS: 60 });
    // A table the size of a loaded server's, analyzed: the planner then reads the rows of a few
    // matches through the primary key (the writer: in its batch's order) as it does in production,
    // not by scanning a handful of rows in the order they were inserted.
    await sql`insert into matches (id, game, room_id, ranked, options, seed, process_id, created_at, status)
      select gen_random_uuid(), 'duel', 'lock-order-filler', false, '{}', 'seed', 'p-filler', now(), 'finished' from generate_series(1, 3000)`.execute(handle.db);
    await sql`analyze matches`.execute(handle.db);
  });
  after(async () => {
    await handle?.close();
  });

  /** Matches inserted in descending id order, so the table's physical order is the reverse of id order. */
  async function createMatches(): Promise<string[]> {
    const ids = Array.from({ length: MATCHES }, () => randomUUID()).sort();
    for (const id of [...ids].reverse()) await store.createMatch(startRecord(id));
    return ids;
  }

  /** Backends of this database waiting for a lock. */
  async function lockWaiters(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(handle.db);
    return r.rows[0]?.n ?? 0;
  }

  async function untilWaiting(n: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await lockWaiters()) < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} transactions to wait for a lock`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Holds `matchId`'s row (as an UPDATE does) in a transaction of its own until `release` is
   * called; resolves `held` once the lock is taken.
   */
  function holdRow(matchId: string): { held: Promise<void>; release: () => void; done: Promise<void> } {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const heldP = new Promise<void>((r) => (held = r));
    const done = handle.db.transaction().execute(async (trx) => {
      await sql`select id from matches where id = ${matchId} for no key update`.execute(trx);
      held();
      await released;
    });
    return { held: heldP, release, done };
  }

  /**
   * The writer's transaction over `order` and another transaction over the same matches race
   * behind a row in the middle of the writer's order; both must commit. Had they locked in
   * opposite orders, each would hold rows on its side of the gate that the other needs once one
   * of them (whichever) is let through.
   */
  async function race(ids: string[], order: string[], other: () => Promise<unknown>): Promise<void> {
    const gate = holdRow(order[Math.floor(order.length / 2)] as string);
    await gate.held;
    const writes: MatchWrite[] = order.map((matchId, i) => ({ matchId, entries: [{ seq: i + 1, at: new Date(), seat: 0, source: "bot", action: null, events: [] }] }));
    const writer = executeInOneTransaction(handle.db, store.compileWrites(writes));
    await untilWaiting(1);
    const renewal = other();
    await untilWaiting(2);
    gate.release();
    const [w, r] = await Promise.allSettled([writer, renewal]);
    await gate.done;
    assert.deepEqual(
      [w.status === "rejected" ? String(w.reason) : "ok", r.status === "rejected" ? String(r.reason) : "ok"],
      ["ok", "ok"],
      `writer over ${order.length} matches and the other transaction both commit (ids ${ids.length})`,
    );
    const counts = await handle.db.selectFrom("matches").select(["id", "event_count"]).where("id", "in", ids).execute();
    for (const c of counts) assert.equal(c.event_count, order.indexOf(c.id) + 1, "the writer's event counts are stored");
  }

  it("a lease renewal and the batched writer over the same matches, in either order, both commit", async () => {
    for (const ascending of [true, false]) {
      const ids = await createMatches();
      const order = ascending ? ids : [...ids].reverse();
      let renewed = -1;
      await race(ids, order, async () => (renewed = await store.renewLeases(PROCESS, [...ids].sort(() => Math.random() - 0.5))));
      assert.equal(renewed, MATCHES, "every lease renewed");
    }
  });

  it("the expired-lease sweep and the batched writer over the same matches, in either order, both commit", async () => {
    for (const ascending of [true, false]) {
      const ids = await createMatches();
      // Lapsed one second apart, the highest id first: the sweep's index then reads them in descending id order.
      for (const [i, id] of ids.entries()) {
        await handle.db.updateTable("matches").set({ lease_until: sql<Date>`now() - make_interval(secs => ${i + 1})` }).where("id", "=", id).execute();
      }
      const order = ascending ? ids : [...ids].reverse();
      let swept: string[] = [];
      await race(ids, order, async () => (swept = (await store.interruptExpired()).map((m) => m.id)));
      assert.deepEqual(swept.filter((id) => ids.includes(id)).sort(), ids, "every lapsed match interrupted");
    }
  });

  it("the abandon sweep and the batched writer over the same matches, in either order, both commit", async () => {
    const tables = new TableRegistry(handle.db);
    for (const ascending of [true, false]) {
      const ids = await createMatches();
      await handle.db.updateTable("matches").set({ status: "interrupted", lease_until: null }).where("id", "in", ids).execute();
      await handle.db
        .insertInto("tables")
        .values(
          ids.map((id) => ({
            room_id: `room-${id}`,
            game: "duel",
            mode: "bots" as const,
            owner_id: null,
            status: "interrupted" as const,
            match_id: id,
            paused_reason: null,
            paused_by: null,
            paused_at: null,
            paused_ms: 0,
            process_id: null,
            options: JSON.stringify({}),
            room_state: null,
            last_activity_at: sql<Date>`now() - interval '30 days'`,
          })),
        )
        .execute();
      const order = ascending ? ids : [...ids].reverse();
      await race(ids, order, () => tables.abandonStale(7));
      const statuses = await handle.db.selectFrom("matches").select("status").where("id", "in", ids).execute();
      assert.deepEqual(
        statuses.map((s) => s.status),
        ids.map(() => "abandoned"),
      );
    }
  });
});
