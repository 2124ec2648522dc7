import assert from "node:assert/strict";
import { sql } from "kysely";
import type { Room } from "@colyseus/sdk";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";
import { cardList } from "../../web/src/games/baloot/fields.js";

interface SeatView {
  /** The seat's cards, "7S 10H AC" (private: "" unless ours). */
  hand?: string;
  legalActions?: string[];
  connected: boolean;
}
interface TableView {
  status: string;
  phase: string;
  toAct: number;
  seq: number;
  seats: SeatView[];
}
const view = (room: Room) => room.state as unknown as TableView;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every bad input gets a clear answer and changes nothing; nothing a client sends harms the room. */
describe("BalootRoom refuses bad input", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "1000" });

  /** Audit rows are written in the background: poll until `atLeast` are there (or 2.5 s pass). */
  async function auditCount(kind: string, roomId: string | null, atLeast: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < 50 && n < atLeast; i++) {
      const rows = await sql<{ n: number }>`select count(*)::int as n from audit_log
        where kind = ${kind} and (${roomId}::text is null or room_id = ${roomId})`.execute(serverOf().database.db);
      n = rows.rows[0]?.n ?? 0;
      if (n < atLeast) await pause(50);
    }
    return n;
  }

  async function table() {
    const user = await makeUser("Tester");
    // dealer 0 → seat 1 (a slow bot) speaks first: it is not the human's turn at the start.
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer: 0 } });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    return { user, room, rec };
  }

  it("out of turn, wrong phase, illegal bid, malformed action: refused with codes, state unchanged", async () => {
    const { room, rec } = await table();
    assert.equal(view(room).toAct, 1);
    const seq = view(room).seq;
    const out = await act(rec, { type: "bid", bid: "SUN" });
    assert.deepEqual([out.ok, out.error?.code], [false, "NOT_YOUR_TURN"]);

    await until(() => view(room).toAct === 0, 10_000, "human's turn");
    const seqAtTurn = view(room).seq;
    assert.ok(seqAtTurn > seq);
    await pause(60);
    // A bot may already have bought (then play has started): ask for the other phase's action.
    const wrongPhase = await act(
      rec,
      view(room).phase === "BIDDING" ? { type: "play", card: cardList(view(room).seats[0]!.hand!)[0] } : { type: "bid", bid: "PASS" },
    );
    assert.equal(wrongPhase.error?.code, "WRONG_PHASE");
    await pause(60);
    const malformed = await act(rec, { type: "bid", bid: "EVERYTHING" });
    assert.equal(malformed.error?.code, "MALFORMED_ACTION");
    await pause(60);
    const notAnObject = await act(rec, "garbage");
    assert.equal(notAnObject.error?.code, "MALFORMED_ACTION");
    await pause(60);
    const roundTwoSuitInRoundOne = await act(rec, { type: "bid", bid: "HOKUM", suit: "X" });
    assert.equal(roundTwoSuitInRoundOne.error?.code, "MALFORMED_ACTION");
    assert.equal(view(room).seq, seqAtTurn, "nothing applied");
    assert.equal(view(room).toAct, 0, "still his turn");
    await room.leave();
  });

  it("acting for another seat is refused and audited", async () => {
    const { room, rec } = await table();
    await until(() => view(room).toAct === 0, 10_000, "human's turn");
    const before = view(room).seq;
    const id = "other-seat";
    room.send("action", { id, seat: 2, action: { type: "bid", bid: "PASS" } });
    await until(() => rec.of<{ id: string }>("ack").some((a) => a.id === id), 5_000);
    const ack = rec.of<{ id: string; error?: { code: string } }>("ack").find((a) => a.id === id)!;
    assert.equal(ack.error?.code, "NOT_YOUR_SEAT");
    assert.equal(view(room).seq, before);
    assert.equal(await auditCount("room.other_seat_action", room.roomId, 1), 1);
    await room.leave();
  });

  it("malformed and unknown messages get an error message; the room goes on", async () => {
    const { room, rec } = await table();
    room.send("action", { no: "id" });
    await pause(60);
    room.send("action", "not even an object");
    await pause(60);
    room.send("teleport", { x: 1 });
    await until(() => rec.of("error").length >= 3, 5_000, "three errors");
    const codes = rec.of<{ code: string }>("error").map((e) => e.code);
    assert.deepEqual(codes, ["MALFORMED_MESSAGE", "MALFORMED_MESSAGE", "UNKNOWN_MESSAGE"]);
    await until(() => view(room).toAct === 0, 10_000, "bots kept playing");
    await room.leave();
  });

  it("a re-sent action id gets the first answer and is applied once", async () => {
    const { room, rec } = await table();
    await until(() => view(room).toAct === 0 && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 10_000, "human's turn");
    const before = view(room).seq;
    // Whatever the bots did first, one of his legal actions (the bots may have moved the auction on).
    const legal = JSON.parse(view(room).seats[0]!.legalActions![0]!) as unknown;
    const first = await act(rec, legal, "same-id");
    assert.equal(first.ok, true, JSON.stringify(first));
    await pause(60);
    const again = await act(rec, legal, "same-id");
    // The first answer, without the events it carried (they are delivered once: docs/PROTOCOL.md §4).
    const { events: _delivered, ...firstAnswer } = first as { id: string; ok: boolean; events?: unknown[] };
    assert.ok(Array.isArray(_delivered), "the first answer carried the action's events");
    assert.deepEqual(again, firstAnswer);
    assert.equal(view(room).seq, before + 1, "applied exactly once");
    // A refused action is remembered too.
    await pause(60);
    const refused = await act(rec, { type: "bid", bid: "SUN" }, "refused-id");
    await pause(60);
    assert.deepEqual(await act(rec, { type: "bid", bid: "SUN" }, "refused-id"), refused);
    await room.leave();
  });

  it("spectators cannot act (refused and audited)", async () => {
    const { room } = await table();
    const watcherUser = await makeUser("Watcher");
    const watcher = new Recorded(await sdkClient(serverOf().url, watcherUser).joinById(room.roomId, { spectate: true }));
    await until(() => view(watcher.room)?.status === "playing", 5_000);
    const answer = await act(watcher, { type: "bid", bid: "SUN" });
    assert.equal(answer.error?.code, "SPECTATOR");
    assert.equal(await auditCount("room.spectator_action", room.roomId, 1), 1);
    await watcher.room.leave();
    await room.leave();
  });

  it("a forged token cannot join, and is audited", async () => {
    const forged = { id: "x", name: "Mallory", token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" };
    await assert.rejects(sdkClient(serverOf().url, forged).create("baloot", { mode: "bots" }), /AUTH_FAILED/);
    await assert.rejects(sdkClient(serverOf().url).create("baloot", { mode: "bots" }), /AUTH_FAILED/);
    assert.ok((await auditCount("room.auth_rejected", null, 2)) >= 2, "both refusals audited");
  });

  it("a message flood disconnects the flooder; the table and the others are unharmed", async () => {
    const { room } = await table();
    const watcher = new Recorded(await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(room.roomId, { spectate: true }));
    await until(() => view(watcher.room)?.status === "playing", 5_000);
    let left = false;
    room.onLeave(() => (left = true));
    for (let i = 0; i < 200; i++) room.send("action", { id: `flood-${i}`, action: { type: "bid", bid: "PASS" } });
    await until(() => left, 10_000, "flooder disconnected");
    await until(() => view(watcher.room).seats[0]?.connected === false, 5_000, "seat shown disconnected");
    const server_room = localRoom<{ roomId: string }>(room.roomId);
    assert.equal(server_room.roomId, room.roomId, "room still alive");
    const seq = view(watcher.room).seq;
    await until(() => view(watcher.room).seq > seq, 15_000, "game goes on");
    await watcher.room.leave();
  });
});

// One Colyseus server per process at a time: fast bots get their own suite.
describe("BalootRoom refuses illegal cards", function () {
  this.timeout(60_000);
  const fastOf = useServer({ BOT_DELAY_MS: "0" });

  it("illegal card: refused, state unchanged", async () => {
    const user = await makeUser("Carder");
    // Seat 0 speaks first (dealer 3) and leads; bots answer at once.
    {
      const room = await sdkClient(fastOf().url, user).create("baloot", { mode: "bots", game: { dealer: 3 } });
      const rec = new Recorded(room);
      let checked = 0;
      let notHeld = false;
      // Bounded by time, not by loop turns: the pause after each trick spends many 5 ms turns, and
      // a deal where seat 0 leads or holds only legal cards for a few tricks has none to refuse.
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline && view(room)?.status !== "finished" && checked < 3) {
        const me = view(room)?.seats?.[0];
        if (!me || view(room).toAct !== 0 || !me.legalActions?.length) {
          await pause(5);
          continue;
        }
        await pause(60);
        const legal = me.legalActions.map((j) => JSON.parse(j) as { type: string; card?: string });
        const legalCards = new Set(legal.filter((a) => a.type === "play").map((a) => a.card));
        const illegal = view(room).phase === "PLAYING" ? cardList(me.hand ?? "").find((c) => !legalCards.has(c)) : undefined;
        if (illegal) {
          const seq = view(room).seq;
          const answer = await act(rec, { type: "play", card: illegal });
          assert.equal(answer.error?.code, "ILLEGAL_CARD");
          assert.equal(view(room).seq, seq);
          checked += 1;
          await pause(60);
        }
        if (!notHeld && view(room).phase === "PLAYING") {
          const all = ["7", "8", "9", "10", "J", "Q", "K", "A"].flatMap((r) => ["S", "H", "D", "C"].map((s) => r + s));
          const missing = all.find((c) => !cardList(me.hand ?? "").includes(c) && legalCards.size > 0);
          const answer = await act(rec, { type: "play", card: missing });
          assert.equal(answer.error?.code, "CARD_NOT_IN_HAND");
          notHeld = true;
          await pause(60);
        }
        const bid = legal.find((a) => a.type === "bid" && (a as { bid?: string }).bid === "SUN");
        const ok = await act(rec, bid ?? legal.find((a) => a.type !== "sawa") ?? legal[0]);
        assert.equal(ok.ok, true);
      }
      assert.ok(checked > 0, "met at least one illegal card");
      assert.ok(notHeld);
      await room.leave();
    }
  });

});
