import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  phase: string;
  matchId: string;
  seq: number;
  toAct: number;
  seats: { legalActions?: string[]; botControlled: boolean; connected: boolean }[];
}
interface EventsMessage {
  seq: number;
  events: { type: string; to?: number }[];
  catchUp?: boolean;
}
interface ServerTable {
  definition: { eventVisibleTo(e: unknown, seat: number | null): boolean };
  matchLog: { batchesAfter(seq: number): { seq: number; events: unknown[] }[] };
}
const view = (room: Room) => room.state as unknown as TableView;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the server's log says seat `seat` should get after `lastSeq`. */
function expectedAfter(roomId: string, lastSeq: number, seat: number | null): { seq: number; events: unknown[] }[] {
  const table = localRoom<ServerTable>(roomId);
  return table.matchLog
    .batchesAfter(lastSeq)
    .map((b) => ({ seq: b.seq, events: b.events.filter((e) => table.definition.eventVisibleTo(e, seat)) }))
    .filter((b) => b.events.length > 0);
}

describe("the match log: catch-up, matchId, idempotent ids, message rate", function () {
  this.timeout(90_000);
  // Bots move every 250 ms: the table plays on while a player is away, but not to the end at once.
  const serverOf = useServer({ BOT_DELAY_MS: "250", RECONNECT_GRACE_S: "30", TURN_TIMEOUT_S: "60" });

  async function botsTable(name: string, dealer = 3) {
    const user = await makeUser(name);
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer } });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    return { user, room, rec };
  }

  it("item 2: a player rejoining with { lastSeq } first gets every entry after it visible to his seat, in order", async () => {
    const { user, room, rec } = await botsTable("CatchUp");
    await until(() => view(room).toAct === 0 && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 10_000, "my turn");
    const lastSeq = Math.max(...rec.events<EventsMessage>().map((m) => m.seq));
    const roomId = room.roomId;
    // He leaves: a bot plays his seat at once, and the table plays on without him.
    await room.leave();
    await until(() => localRoom<{ matchLog: { seq: number } }>(roomId).matchLog.seq > lastSeq + 4, 10_000, "play went on");

    const back = await sdkClient(serverOf().url, user).joinById(roomId, { lastSeq });
    const backRec = new Recorded(back);
    await until(() => backRec.events<EventsMessage>().some((m) => m.catchUp), 5_000, "catch-up");
    await pause(300);
    const received = backRec.events<EventsMessage>();
    const caught = received.filter((m) => m.catchUp);
    const upTo = Math.max(...caught.map((m) => m.seq));
    const expected = expectedAfter(roomId, lastSeq, 0).filter((b) => b.seq <= upTo);
    assert.ok(expected.length >= 2, `missed ${expected.length} entries`);
    assert.deepEqual(caught.map((m) => ({ seq: m.seq, events: m.events })), expected, "every missed entry he may see");
    assert.deepEqual(received.slice(0, caught.length), caught, "the catch-up comes before any new entry");
    for (const m of caught) for (const e of m.events) if (e.to !== undefined) assert.equal(e.to, 0, "only his own private events");
    const seqs = received.map((m) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "in order, then the new ones");
    await back.leave();
  });

  it("item 2: after a reconnection the client asks with a catchUp message; a spectator gets the public entries", async () => {
    const { room, rec } = await botsTable("Asker");
    const spectator = new Recorded(await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(room.roomId, { spectate: true, lastSeq: 0 }));
    const publicLog = expectedAfter(room.roomId, 0, null);
    await until(() => spectator.events<EventsMessage>().filter((m) => m.catchUp).length >= publicLog.length, 5_000, "spectator catch-up");
    assert.deepEqual(
      spectator.events<EventsMessage>().filter((m) => m.catchUp).map((m) => ({ seq: m.seq, events: m.events })),
      publicLog,
    );
    assert.ok(!JSON.stringify(spectator.events()).includes('"type":"dealt"'), "no private deal reaches a spectator");

    room.send("catchUp", { lastSeq: 0 });
    const mine = expectedAfter(room.roomId, 0, 0);
    await until(() => rec.events<EventsMessage>().filter((m) => m.catchUp).length >= mine.length, 5_000, "catch-up answer");
    assert.deepEqual(rec.events<EventsMessage>().filter((m) => m.catchUp).map((m) => ({ seq: m.seq, events: m.events })), mine);
    room.send("catchUp", { lastSeq: -1 });
    await until(() => rec.of<{ code: string }>("error").some((e) => e.code === "MALFORMED_MESSAGE"), 5_000, "bad catchUp refused");
    await spectator.room.leave();
    await room.leave();
  });

  it("issue 10: an accepted action's events ride in its ack (the actor gets no events message for it); everyone else gets an events message", async () => {
    const { room, rec } = await botsTable("Acker");
    const spectator = new Recorded(await sdkClient(serverOf().url, await makeUser("Onlooker")).joinById(room.roomId, { spectate: true }));
    await until(() => view(room).toAct === 0 && view(room).phase === "BIDDING" && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 10_000, "my bid");
    const answer = (await act(rec, { type: "bid", bid: "PASS" }, "pass-ack")) as unknown as { ok: boolean; seq: number; events: EventsMessage["events"] };
    assert.equal(answer.ok, true);
    assert.equal(typeof answer.seq, "number");
    const logged = expectedAfter(room.roomId, answer.seq - 1, 0).find((b) => b.seq === answer.seq);
    assert.deepEqual(answer.events, logged?.events, "the ack carries the entry's events the actor may see");
    assert.ok(answer.events.some((e) => e.type === "bid"));
    await until(() => spectator.of<EventsMessage>("events").some((m) => m.seq === answer.seq), 5_000, "the spectator's events message");
    const publicEntry = expectedAfter(room.roomId, answer.seq - 1, null).find((b) => b.seq === answer.seq);
    assert.deepEqual(spectator.of<EventsMessage>("events").find((m) => m.seq === answer.seq)?.events, publicEntry?.events);
    await pause(100);
    assert.ok(!rec.of<EventsMessage>("events").some((m) => m.seq === answer.seq), "no separate events message for the actor's own entry");
    const seqs = rec.events<EventsMessage>().map((m) => m.seq);
    assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), "acks and events messages together: each entry once, in log order");
    await spectator.room.leave();
    await room.leave();
  });

  it("item 3: the public state carries the matchId from the start of the match", async () => {
    const { room, rec } = await botsTable("Ider");
    const spectator = await sdkClient(serverOf().url, await makeUser("Fan")).joinById(room.roomId, { spectate: true });
    new Recorded(spectator);
    await until(() => view(spectator)?.status === "playing", 5_000);
    const matchId = view(spectator).matchId;
    assert.match(matchId, /^[0-9a-f-]{36}$/);
    const box = await fetch(`${serverOf().url}/matches/${matchId}/boxscore`, { headers: { authorization: `Bearer ${(await makeUser("Fan")).token}` } });
    assert.equal(box.status, 200);
    assert.equal(((await box.json()) as { source: string }).source, "live");
    await spectator.leave();
    await room.leave();
    assert.ok(rec.events().length > 0);
  });

  it("item 24: an accepted action id is never applied again, even after hundreds of other ids", async () => {
    const { room, rec } = await botsTable("Resender");
    await until(() => view(room).toAct === 0 && view(room).phase === "BIDDING", 10_000, "my bid");
    const first = await act(rec, { type: "bid", bid: "PASS" }, "pass-once");
    assert.equal(first.ok, true);
    // 300 other ids (refused: not his turn or malformed), faster than the message limit allows
    // at the table's real rate, so the limit is raised for this connection's table.
    const table = localRoom<{ inbox: { limit: number }; maxMessagesPerSecond: number }>(room.roomId);
    table.inbox.limit = 10_000;
    table.maxMessagesPerSecond = 10_000;
    for (let i = 0; i < 300; i++) room.send("action", { id: `other-${i}`, action: { type: "bid", bid: "NOT_A_BID" } });
    await until(() => rec.of<{ id: string }>("ack").some((a) => a.id === "other-299"), 10_000, "other acks");
    await until(() => view(room).toAct === 0 || view(room).status !== "playing", 10_000, "my turn again");
    const seq = view(room).seq;
    const again = await act(rec, { type: "bid", bid: "PASS" }, "pass-once");
    const { events: firstEvents, ...firstAnswer } = first as { id: string; ok: boolean; events?: unknown[] };
    assert.ok(Array.isArray(firstEvents) && firstEvents.length > 0, "the first answer carried the bid's events");
    assert.deepEqual(again, firstAnswer, "the first answer without its events (delivered once), not a second application");
    await pause(50);
    assert.equal(view(room).seq, seq, "nothing applied");
    await room.leave();
  });

  it("item 25: an even 18 messages per second passes; a burst over 20 in one second is told RATE_LIMITED and closed", async () => {
    const { room, rec } = await botsTable("Steady", 0);
    let closed = 0;
    room.onLeave((code) => (closed = code));
    // 3 seconds at an even 18/s: each send at least 1/18 s after the previous one. (Scheduling
    // from the start instead let a late timer on a loaded machine send the missed ones in a
    // burst — then over 20 in one second, which the server rightly refused.)
    let last = 0;
    for (let i = 0; i < 54; i++) {
      const wait = last + 1000 / 18 - Date.now();
      if (wait > 0) await pause(wait);
      last = Date.now();
      room.send("boxScore", {});
    }
    await until(() => rec.of("boxScore").length === 54, 5_000, "every answer");
    assert.equal(closed, 0, "still connected");
    assert.ok(!rec.of<{ code: string }>("error").some((e) => e.code === "RATE_LIMITED"));

    await pause(1100);
    for (let i = 0; i < 25; i++) room.send("boxScore", {});
    await until(() => closed !== 0, 5_000, "flooder closed");
    assert.ok(rec.of<{ code: string }>("error").some((e) => e.code === "RATE_LIMITED"), "told why");
    assert.ok(rec.of("boxScore").length <= 54 + 20, "nothing over the limit was answered");
  });
});
