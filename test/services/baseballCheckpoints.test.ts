/**
 * Baseball checkpoints through a real room and the real database (issue 13): the recorder writes
 * at half-innings and substitutions (the engine's isCheckpoint), keeps other entries in memory until
 * then, and the final flush is complete before the result is written.
 */
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import type { BaseballEvent } from "../../src/games/baseball/index.js";
import { roomServices } from "../../src/rooms/context.js";
import type { MatchEndRecord } from "../../src/services/matchStore.js";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  matchId: string;
  seq: number;
  activeSeats: number[];
  seats: { legalActions?: string[] }[];
}
interface ServerRecorder {
  storedSeq: number;
  pending: number;
  flushing: Promise<boolean> | null;
  readonly settled: boolean;
  flush(): Promise<boolean>;
}
interface ServerTable {
  matchLog: { attachedRecorder: ServerRecorder | null; seq: number; batchesAfter(seq: number): { seq: number; events: BaseballEvent[] }[] };
}
const view = (room: Room) => room.state as unknown as TableView;
const CHECKPOINTS = new Set(["halfEnded", "sub", "switch", "gameOver"]);

describe("baseball checkpoints: a real room writing to the real database", function () {
  this.timeout(300_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0" });

  it("flushes at half-innings and substitutions only, and stores every entry before the result", async () => {
    const store = roomServices().matchStore;
    const finishes: { matchId: string; storedMax: number; gameOverStored: boolean; end: MatchEndRecord }[] = [];
    const db = serverOf().database.db;
    const storedMax = async (matchId: string): Promise<number> =>
      Number((await db.selectFrom("match_events").select((eb) => eb.fn.max("seq").as("m")).where("match_id", "=", matchId).executeTakeFirst())?.m ?? 0);
    // What the database holds at the moment the result is written.
    const originalFinish = store.finishMatch.bind(store);
    store.finishMatch = async (matchId: string, end: MatchEndRecord) => {
      const rows = await db.selectFrom("match_events").select("events").where("match_id", "=", matchId).execute();
      const gameOverStored = rows.some((r) => (r.events as { type: string }[]).some((e) => e.type === "gameOver"));
      finishes.push({ matchId, storedMax: await storedMax(matchId), gameOverStored, end });
      return originalFinish(matchId, end);
    };
    try {
      const user = await makeUser("Checkpoint skipper");
      const room = await sdkClient(serverOf().url, user).create("baseball", { mode: "bots", game: { innings: 7 } });
      const rec = Recorded.of(room);
      await until(() => view(room)?.status === "playing" && view(room).matchId !== "", 10_000, "start");
      const matchId = view(room).matchId;
      const recorder = localRoom<ServerTable>(room.roomId).matchLog.attachedRecorder!;
      // Only checkpoints may write from now on: the writer's periodic safety-net flush is switched off for it.
      store.writer.unwatch(recorder);
      const entryEvents = (seq: number) => rec.events<{ seq: number; events: BaseballEvent[] }>().find((m) => m.seq === seq)?.events;

      let halfInnings = 0;
      let subs = 0;
      let heldBack = 0;
      let checkedUpTo = 0;
      while (view(room).status !== "finished" && (halfInnings < 4 || subs < 1 || heldBack < 2)) {
        const legal = view(room).seats[0]?.legalActions ?? [];
        if (!view(room).activeSeats.includes(0) || legal.length === 0) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        const sub = subs === 0 && halfInnings >= 1 ? legal.find((a) => a.includes('"pinchHitter"')) : undefined;
        const choice = sub ?? legal.find((a) => /"(defense|offense|lineup)"/.test(a)) ?? (legal[0] as string);
        // Entries before this action are settled: wait until no write is in flight.
        await until(() => recorder.flushing === null, 10_000, "flush idle");
        const idleStored = recorder.storedSeq;
        const ack = await act(rec, JSON.parse(choice));
        assert.equal(ack.ok, true, JSON.stringify(ack));
        const seq = ack.seq!;
        await until(() => view(room).seq >= seq && entryEvents(seq) !== undefined, 10_000, "entry");
        // Every checkpoint entry logged since the last check must reach the database promptly.
        for (let s = checkedUpTo + 1; s <= view(room).seq; s++) {
          const events = entryEvents(s) ?? [];
          if (!events.some((e) => CHECKPOINTS.has(e.type))) continue;
          await until(() => recorder.storedSeq >= s, 10_000, `checkpoint entry ${s} stored`);
          assert.ok((await storedMax(matchId)) >= s, `entry ${s} in match_events`);
          halfInnings += events.filter((e) => e.type === "halfEnded").length;
          subs += events.filter((e) => e.type === "sub").length;
        }
        checkedUpTo = view(room).seq;
        // Entries with no checkpoint since the last write stay in memory: read the server's log and
        // recorder in one synchronous step, so no later bot move can interleave.
        const log = localRoom<ServerTable>(room.roomId).matchLog;
        const serverSeq = log.seq;
        const unwritten = log.batchesAfter(idleStored).flatMap((b) => b.events);
        if (serverSeq > idleStored && !unwritten.some((e) => CHECKPOINTS.has(e.type))) {
          assert.equal(recorder.storedSeq, idleStored, "a non-checkpoint entry was written");
          assert.equal(recorder.flushing, null, "a non-checkpoint entry started a write");
          assert.equal(recorder.pending, serverSeq - idleStored, "entries since the last checkpoint wait in memory");
          heldBack += 1;
        }
        // Human pace: the room allows 20 messages per second per client.
        await new Promise((r) => setTimeout(r, 60));
      }
      assert.ok(halfInnings >= 4 && subs >= 1 && heldBack >= 2, `saw ${halfInnings} half-innings, ${subs} subs, ${heldBack} held-back entries`);

      // The manager leaves: the bot plays his team to the end.
      await room.leave();
      await until(() => finishes.some((f) => f.matchId === matchId), 180_000, "result written");
      const finish = finishes.find((f) => f.matchId === matchId)!;
      const match = await db.selectFrom("matches").select(["event_count", "status"]).where("id", "=", matchId).executeTakeFirstOrThrow();
      assert.equal(finish.storedMax, match.event_count, "every entry was stored before the result");
      assert.ok(finish.gameOverStored, "the final entry (gameOver) was stored before the result");
      assert.equal(finish.end.status, "finished");
    } finally {
      store.finishMatch = originalFinish;
    }
  });
});
