import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  userId: string;
  hand?: string[];
  legalActions?: string[];
  consecutiveTimeouts: number;
}
interface TableView {
  status: string;
  phase: string;
  endReason: string;
  winnerTeam: number;
  turnTimeoutS: number;
  deadline: number;
  activeSeats: number[];
  seats: SeatView[];
  sides: { handCount: number; deckCount: number; prizeCount: number; hidden: boolean }[];
}
interface EventsMessage {
  seq: number;
  events: { type: string; to?: number }[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

/** Moves the room's clock forward (see test/rooms/clock.test.ts). */
function advanceClock(roomId: string, ms: number): void {
  // Timers and the room's now() (deadlines) both run on the room's time: both move.
  localRoom<{ timers: { advance(ms: number): void } }>(roomId).timers.advance(ms);
}

describe("DuelRoom: the card duel at a table", function () {
  this.timeout(120_000);
  const serverOf = useServer({ BOT_DELAY_MS: "20", MAX_TIMEOUTS: "2" });

  it("vs bot: 180 s turns with a 30 s warning by default; the hand only in the owner's seat; private events only to their owner", async () => {
    const user = await makeUser("Duellist");
    const room = await sdkClient(serverOf().url, user).create("duel", { mode: "bots" });
    const rec = new Recorded(room);
    // The bot places its creatures first (each of its moves restarts the clocks); then only seat 0 is to act.
    await until(() => view(room)?.status === "playing" && view(room)!.activeSeats.length === 1 && view(room)!.activeSeats[0] === 0, 10_000, "start, bot ready");
    const v = view(room)!;
    assert.equal(v.turnTimeoutS, 180);
    assert.ok(Math.abs(v.deadline - (Date.now() + 180_000)) < 5_000, "deadline ≈ now + 180 s");
    assert.equal(v.sides[0]!.handCount, v.seats[0]!.hand!.length);
    assert.deepEqual(v.seats[1]!.hand ?? [], [], "the bot's hand never reaches this client");
    assert.ok(v.sides[1]!.handCount > 0, "only the count of the other hand");
    assert.ok(v.seats[0]!.legalActions!.some((a) => JSON.parse(a).type === "setActive"));
    const events = rec.events<EventsMessage>().flatMap((m) => m.events);
    assert.ok(events.some((e) => e.type === "coinFlip"), "public opening events delivered");
    assert.ok(events.some((e) => e.type === "drawnCards" && e.to === 0), "own drawn cards delivered");
    assert.ok(!events.some((e) => e.to === 1), "no private event of the other seat");

    // Warning 30 s before the end, then the timeout action; after MAX_TIMEOUTS expiries in a row the match is lost (casual table too).
    advanceClock(room.roomId, 151_000);
    await until(() => rec.of("turnWarning").length === 1, 5_000, "warning");
    const warning = rec.of<{ seat: number; remainingMs: number }>("turnWarning")[0]!;
    assert.equal(warning.seat, 0);
    assert.ok(warning.remainingMs <= 30_000 && warning.remainingMs > 25_000);
    advanceClock(room.roomId, 30_000);
    await until(() => view(room)!.seats[0]!.consecutiveTimeouts === 1, 5_000, "first expiry");
    assert.equal(view(room)!.status, "playing");
    const auto = rec.events<EventsMessage>().flatMap((m) => m.events).filter((e) => e.type === "placed" && e.to === 0);
    assert.equal(auto.length, 1, "the timeout action placed an active creature");
    await until(() => view(room)!.activeSeats.includes(0), 5_000, "his clock again");
    advanceClock(room.roomId, 181_000);
    await until(() => view(room)!.status === "finished", 5_000, "lost on timeouts");
    assert.equal(view(room)!.endReason, "forfeit");
    assert.equal(view(room)!.winnerTeam, 1);
    const ended = rec.of<{ outcome: { reason: string } }>("matchEnded")[0]!;
    assert.equal(ended.outcome.reason, "forfeit: timeouts");
    await room.leave();
  });

  it("resign: refused without confirmation, then the duel is lost with reason resign", async () => {
    const user = await makeUser("Resigner");
    const room = await sdkClient(serverOf().url, user).create("duel", { mode: "bots" });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    room.send("resign", { confirm: false });
    await until(() => rec.of("error").length === 1, 5_000, "refusal");
    assert.equal(rec.of<{ code: string }>("error")[0]!.code, "CONFIRM_REQUIRED");
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 5_000, "resigned");
    assert.equal(view(room)!.endReason, "resign");
    assert.equal(view(room)!.winnerTeam, 1);
    const ended = rec.of<{ outcome: { reason: string } }>("matchEnded")[0]!;
    assert.equal(ended.outcome.reason, "forfeit: resign");
    const gameOver = rec.events<EventsMessage>().flatMap((m) => m.events).find((e) => e.type === "gameOver");
    assert.ok(gameOver, "the forfeit's gameOver event is delivered");
    await room.leave();
  });

  it("a reconnect during his turn gives the player at least 15 s", async () => {
    const user = await makeUser("Flaky");
    const client = sdkClient(serverOf().url, user);
    const room = await client.create("duel", { mode: "bots" });
    room.reconnection.enabled = false; // the test reconnects by hand
    await until(() => view(room)?.status === "playing" && view(room)!.activeSeats.length === 1 && view(room)!.activeSeats[0] === 0, 10_000, "his turn alone");
    const roomId = room.roomId;
    const token = room.reconnectionToken;
    advanceClock(roomId, 175_000);
    const server = localRoom<{ clients: { getById(id: string): { ref: unknown } | undefined } }>(roomId);
    (server.clients.getById(room.sessionId)?.ref as { terminate(): void }).terminate();
    await until(() => localRoom<{ state: { seats: { connected: boolean }[] } }>(roomId).state.seats[0]!.connected === false, 5_000, "dropped");
    const back = await client.reconnect(token);
    new Recorded(back);
    await until(() => view(back)!.deadline > 0, 5_000, "deadline");
    const table = localRoom<{ timers: { now: () => number }; turnClock: { deadlineOf(seat: number): number | undefined } }>(roomId);
    const left = (table.turnClock.deadlineOf(0) ?? 0) - table.timers.now();
    assert.equal(view(back)!.deadline, table.turnClock.deadlineOf(0), "the public deadline moved too");
    assert.ok(left > 14_000 && left <= 15_000, `about 15 s left after the reconnection (${left} ms)`);
    await back.leave();
  });
});
