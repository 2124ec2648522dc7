/**
 * The process-wide batched match-log writer (logWriter.ts) over a real database: many matches in
 * one transaction, match rows before their entries, bounded transactions, a failed transaction
 * that keeps everything and retries (a refused match isolated from the others), finish and
 * interrupt through it, and the tables' last activity stamped by the lease tick.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql, type CompiledQuery } from "kysely";
import { pino } from "pino";
import type { DatabaseHandle } from "../../src/db/database.js";
import { createMetrics, type Metrics } from "../../src/platform/metrics.js";
import { Durability } from "../../src/services/durability.js";
import { MatchRecorder } from "../../src/services/matchRecorder.js";
import { MatchStore, type LogEntry, type MatchStartRecord, type MatchStoreOptions, type MatchWrite } from "../../src/services/matchStore.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { BACKENDS, openMigrated } from "../helpers/database.js";

const logger = pino({ level: "silent" });

/** A store whose transactions fail (a statement the database refuses) for the matches in `refuse`. */
class FlakyStore extends MatchStore {
  readonly refuse = new Set<string>();
  override compileWrites(writes: readonly MatchWrite[]): CompiledQuery[] {
    const queries = super.compileWrites(writes);
    if (writes.some((w) => this.refuse.has(w.matchId))) queries.push(sql`select 1 / 0`.compile(this.kysely));
    return queries;
  }
  constructor(
    private readonly kysely: DatabaseHandle["db"],
    options: MatchStoreOptions,
  ) {
    super(kysely, options);
  }
}

function startRecord(players = 2): MatchStartRecord {
  return {
    matchId: randomUUID(),
    game: "duel",
    roomId: `room-${randomUUID().slice(0, 8)}`,
    ranked: false,
    options: {},
    seed: "seed",
    processId: "p-writer-test",
    startedAt: new Date(),
    players: Array.from({ length: players }, (_, seat) => ({ seat, team: seat, userId: null, displayName: `S${seat}`, isBot: true })),
  };
}

const entry = (seq: number): LogEntry => ({ seq, at: new Date(), seat: 0, source: "bot", action: { n: seq }, events: [{ type: "e", seq }] });

async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const backend of BACKENDS) {
  describe(`batched match-log writer on ${backend}`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let metrics: Metrics;

    before(async function () {
      metrics = createMetrics();
      handle = await openMigrated(this, backend, metrics);
    });
    after(async () => {
      await handle?.close();
    });

    const statements = async (operation: string): Promise<number> => {
      const values = (await metrics.dbQueries.get()).values;
      return values.filter((v) => v.labels.operation === operation && v.labels.result === "ok").reduce((n, v) => n + v.value, 0);
    };
    const storedSeqs = async (matchId: string): Promise<number[]> =>
      (await handle.db.selectFrom("match_events").select("seq").where("match_id", "=", matchId).orderBy("seq").execute()).map((r) => Number(r.seq));

    it("stores many matches (rows, players, entries, box scores) in ONE transaction, each entry once", async () => {
      const store = new MatchStore(handle.db, {});
      const beginsBefore = await statements("begin");
      const recorders = Array.from({ length: 40 }, () => new MatchRecorder(store, startRecord(), { logger: () => logger, metrics, flushIntervalMs: 3_600_000 }));
      for (const r of recorders) {
        for (let seq = 1; seq <= 3; seq++) r.append(entry(seq));
        r.setBoxScore({ points: r.matchId.length });
      }
      const results = await Promise.all(recorders.map((r) => r.flush()));
      assert.deepEqual(new Set(results), new Set([true]));
      assert.equal((await statements("begin")) - beginsBefore, 1, "one transaction for 40 matches");
      assert.equal(store.writer.stats.committed, 1);
      for (const r of recorders) {
        assert.equal(r.storedSeq, 3);
        assert.equal(r.pending, 0);
        assert.deepEqual(await storedSeqs(r.matchId), [1, 2, 3]);
      }
      const ids = recorders.map((r) => r.matchId);
      const matches = await handle.db.selectFrom("matches").select(["id", "event_count"]).where("id", "in", ids).execute();
      assert.equal(matches.length, 40);
      assert.ok(matches.every((m) => m.event_count === 3));
      const players = await handle.db.selectFrom("match_players").select("match_id").where("match_id", "in", ids).execute();
      assert.equal(players.length, 80);
      const boxes = await handle.db.selectFrom("box_scores").select(["match_id", "box", "final"]).where("match_id", "in", ids).execute();
      assert.equal(boxes.length, 40);
      assert.ok(boxes.every((b) => b.final === false));
      // More entries and a final box: the next transaction, again one for all.
      for (const r of recorders) {
        r.append(entry(4));
        r.setBoxScore({ done: true }, true);
      }
      await Promise.all(recorders.map((r) => r.flush()));
      assert.equal((await statements("begin")) - beginsBefore, 2);
      for (const r of recorders.slice(0, 3)) assert.deepEqual(await storedSeqs(r.matchId), [1, 2, 3, 4]);
      // A final box score is never overwritten by a later non-final one.
      recorders[0]!.setBoxScore({ late: true }, false);
      await recorders[0]!.flush();
      const box = await handle.db.selectFrom("box_scores").select(["box", "final"]).where("match_id", "=", recorders[0]!.matchId).executeTakeFirstOrThrow();
      assert.deepEqual([box.box, box.final], [{ done: true }, true]);
      for (const r of recorders) r.close();
    });

    it("keeps transactions bounded: more entries than one pass takes go in the next ones, in seq order", async () => {
      const store = new MatchStore(handle.db, { writer: { maxEntries: 10, intervalMs: 0 } });
      const r = new MatchRecorder(store, startRecord(), { logger: () => logger, flushIntervalMs: 3_600_000 });
      for (let seq = 1; seq <= 25; seq++) r.append(entry(seq));
      r.setBoxScore({ n: 25 });
      assert.equal(await r.flush(), true);
      assert.equal(store.writer.stats.committed, 3, "25 entries at 10 per transaction");
      assert.deepEqual(await storedSeqs(r.matchId), Array.from({ length: 25 }, (_, i) => i + 1));
      assert.equal(r.storedSeq, 25);
      r.close();
    });

    it("a failed transaction stores nothing, keeps everything and retries; a refused match does not hold the others back", async () => {
      const store = new FlakyStore(handle.db, {});
      const good = new MatchRecorder(store, startRecord(), { logger: () => logger, metrics, flushIntervalMs: 3_600_000, minBackoffMs: 50, maxBackoffMs: 100 });
      const bad = new MatchRecorder(store, startRecord(), { logger: () => logger, metrics, flushIntervalMs: 3_600_000, minBackoffMs: 50, maxBackoffMs: 100 });
      store.refuse.add(bad.matchId);
      for (let seq = 1; seq <= 5; seq++) {
        good.append(entry(seq));
        bad.append(entry(seq));
      }
      const [okGood, okBad] = await Promise.all([good.flush(), bad.flush()]);
      assert.equal(okGood, true, "the other match is stored (the refused batch was split)");
      assert.equal(okBad, false);
      assert.deepEqual(await storedSeqs(good.matchId), [1, 2, 3, 4, 5]);
      // The refused match's transaction was rolled back whole: not even its match row.
      assert.equal(await store.matchExists(bad.matchId), false);
      assert.deepEqual(await storedSeqs(bad.matchId), []);
      assert.equal(bad.pending, 5);
      assert.ok(bad.consecutiveFailures >= 1);
      // The database takes it again: the recorder's own retry stores everything, each entry once.
      store.refuse.clear();
      bad.append(entry(6));
      await until(() => bad.pending === 0, 10_000, "the retry");
      assert.deepEqual(await storedSeqs(bad.matchId), [1, 2, 3, 4, 5, 6]);
      assert.equal(bad.consecutiveFailures, 0);
      assert.equal(bad.storedSeq, 6);
      good.close();
      bad.close();
    });

    it("finish stores every entry and the final box before the outcome and onFinished; interrupt seals the log", async () => {
      const store = new MatchStore(handle.db, {});
      const finishedSeen: { matchId: string; stored: number[]; status: string }[] = [];
      const finisher = new MatchRecorder(store, startRecord(), {
        logger: () => logger,
        flushIntervalMs: 3_600_000,
        onFinished: async (matchId) => {
          const m = await handle.db.selectFrom("matches").select("status").where("id", "=", matchId).executeTakeFirstOrThrow();
          finishedSeen.push({ matchId, stored: await storedSeqs(matchId), status: m.status });
        },
      });
      const interrupted = new MatchRecorder(store, startRecord(), { logger: () => logger, flushIntervalMs: 3_600_000 });
      for (let seq = 1; seq <= 4; seq++) {
        finisher.append(entry(seq));
        interrupted.append(entry(seq));
      }
      const end = { status: "finished" as const, endedAt: new Date(), durationMs: 10, winnerTeam: 0, scores: [1, 0], outcome: { winner: 0 } };
      const [finished, marked] = await Promise.all([finisher.finish(end, { final: 1 }), interrupted.interrupt({ partial: 1 }, 10_000)]);
      assert.equal(finished, true);
      assert.equal(marked, true);
      assert.deepEqual(finishedSeen, [{ matchId: finisher.matchId, stored: [1, 2, 3, 4], status: "finished" }]);
      const box = await handle.db.selectFrom("box_scores").select(["box", "final"]).where("match_id", "=", finisher.matchId).executeTakeFirstOrThrow();
      assert.deepEqual([box.box, box.final], [{ final: 1 }, true]);
      const m = await handle.db.selectFrom("matches").select("status").where("id", "=", interrupted.matchId).executeTakeFirstOrThrow();
      assert.equal(m.status, "interrupted");
      // After the interrupt, nothing more is recorded: the stored log ends there.
      assert.equal(interrupted.append(entry(5)), undefined);
      assert.equal(interrupted.pending, 0);
      assert.deepEqual(await storedSeqs(interrupted.matchId), [1, 2, 3, 4]);
      assert.equal(store.liveMatches.has(finisher.matchId) || store.liveMatches.has(interrupted.matchId), false);
    });

    it("the periodic flush is one timer for the whole process and asks only for matches with something waiting", async () => {
      const store = new MatchStore(handle.db, {});
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      const before = timers();
      const recorders = Array.from({ length: 50 }, () => new MatchRecorder(store, startRecord(), { logger: () => logger, flushIntervalMs: 300 }));
      assert.ok(timers() - before <= 2, `50 live matches added ${timers() - before} timers (one tick for all, plus the writer's pass)`);
      await until(() => recorders.every((r) => r.settled), 10_000, "the match rows");
      await store.writer.idle();
      const matchesBefore = store.writer.stats.matches;
      recorders[7]!.append(entry(1));
      // Nobody flushes: the tick stores it, and only this match asks.
      await until(() => recorders[7]!.storedSeq === 1, 5_000, "the periodic flush");
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(store.writer.stats.matches - matchesBefore, 1, "matches with nothing waiting are not written");
      for (const r of recorders) r.close();
      assert.ok(timers() - before <= 1, "the tick stops with the last match");
    });

    it("a checkpoint is stored at the writer's next tick, with the other matches due then, not in a pass of its own", async () => {
      // A fresh writer: its 1 s tick starts with the first recorder, so the checkpoints below
      // fall well inside one tick period (≈ 300 ms after it starts, the tick at 1,000 ms).
      const store = new MatchStore(handle.db, {});
      const started = Date.now();
      const recorders = Array.from({ length: 2 }, () => new MatchRecorder(store, startRecord(), { logger: () => logger, flushIntervalMs: 3_600_000 }));
      await until(() => recorders.every((r) => r.settled), 5_000, "the match rows");
      await store.writer.idle();
      await new Promise((r) => setTimeout(r, Math.max(0, started + 300 - Date.now())));
      const committed = store.writer.stats.committed;
      const [a, b] = recorders as [MatchRecorder, MatchRecorder];
      a.append(entry(1));
      a.checkpoint();
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(a.storedSeq, 0, "a checkpoint starts no pass by itself");
      b.append(entry(1));
      b.checkpoint();
      await until(() => a.storedSeq === 1 && b.storedSeq === 1, 5_000, "the tick");
      assert.equal(store.writer.stats.committed - committed, 1, "both checkpoints in one transaction");
      assert.deepEqual(await storedSeqs(a.matchId), [1]);
      // A recorder the writer no longer watches (closed) writes its checkpoint at once.
      a.append(entry(2));
      store.writer.unwatch(a);
      a.checkpoint();
      await until(() => a.storedSeq === 2, 5_000, "the unwatched checkpoint");
      for (const r of recorders) r.close();
    });

    it("interrupting many matches at once marks them in the writer's transactions, not one statement per match", async () => {
      const store = new MatchStore(handle.db, {});
      const recorders = Array.from({ length: 40 }, () => new MatchRecorder(store, startRecord(), { logger: () => logger, flushIntervalMs: 3_600_000 }));
      for (const r of recorders) for (let seq = 1; seq <= 2; seq++) r.append(entry(seq));
      const updatesBefore = await statements("update");
      const marked = await Promise.all(recorders.map((r) => r.interrupt({ partial: true }, 10_000)));
      assert.deepEqual(new Set(marked), new Set([true]));
      assert.ok((await statements("update")) - updatesBefore <= 6, `${(await statements("update")) - updatesBefore} updates for 40 interrupted matches`);
      const rows = await handle.db.selectFrom("matches").select(["status", "lease_until", "event_count"]).where("id", "in", recorders.map((r) => r.matchId)).execute();
      assert.equal(rows.length, 40);
      assert.ok(rows.every((m) => m.status === "interrupted" && m.lease_until === null && m.event_count === 2));
      for (const r of recorders) assert.deepEqual(await storedSeqs(r.matchId), [1, 2]);
    });

    it("the lease tick stamps the last activity of tables whose match logged an entry (one statement), never others", async () => {
      const durability = new Durability({ db: handle.db, logger, processId: `p-${randomUUID().slice(0, 8)}`, journalDir: undefined, redis: undefined, leaseS: 60 });
      const registry = new TableRegistry(handle.db);
      const playing = startRecord();
      const quiet = startRecord();
      for (const start of [playing, quiet]) {
        await registry.created({ roomId: start.roomId, game: "duel", mode: "bots", ranked: false, ownerId: null, options: {}, processId: "p" });
        await registry.status(start.roomId, { status: "playing", matchId: start.matchId });
      }
      const longAgo = sql<Date>`now() - interval '3 days'`;
      await handle.db.updateTable("tables").set({ last_activity_at: longAgo }).where("room_id", "in", [playing.roomId, quiet.roomId]).execute();
      const recorder = new MatchRecorder(durability.store, playing, { logger: () => logger, flushIntervalMs: 3_600_000 });
      recorder.append(entry(1));
      await durability.tick();
      assert.equal(durability.store.recentlyActive.size, 0);
      const rows = await handle.db.selectFrom("tables").select(["room_id", sql<boolean>`last_activity_at > now() - interval '1 minute'`.as("recent")]).where("room_id", "in", [playing.roomId, quiet.roomId]).execute();
      const recent = Object.fromEntries(rows.map((r) => [r.room_id, r.recent]));
      assert.deepEqual(recent, { [playing.roomId]: true, [quiet.roomId]: false });
      recorder.close();
      await durability.close();
    });
  });
}
