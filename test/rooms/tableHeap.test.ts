import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import type { Room } from "@colyseus/sdk";
import { TableView } from "../../src/rooms/table/tableView.js";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

// V8's own answer to "is this object in fast mode" (a dictionary-mode object costs several times
// the memory): natives syntax is allowed for functions compiled from here on.
setFlagsFromString("--allow-natives-syntax");
const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

/** What the room's message registration exposes (Colyseus re-exposes it as `onMessageEvents`). */
interface RegisteredMessages {
  onMessageEvents: { events: Record<string, unknown[]> };
}
interface ServerSeat {
  isBot: boolean;
  hand?: unknown;
  legalActions?: unknown;
  projects?: unknown;
}
interface SeatView {
  /** "7S 10H AC" (private: "" unless ours). */
  hand?: string;
  legalActions?: string[];
}
/** A connection's join bookkeeping and the room's reservations (Colyseus 0.18 internals). */
interface JoinInternals {
  _events: { _events: object };
  clients: ({ state: number; _enqueuedMessages?: unknown; view?: unknown; ref: { _events: object } } & object)[];
  _reservedSeats: object;
  _reservedSeatTimeouts: object;
}
/** The room internals the heap tests look at (Colyseus 0.18, @colyseus/schema 5). */
interface RoomInternals {
  _serializer: { encoder: { root: { _nodePool: unknown[]; enqueueChangeTree: unknown } } };
  pausing: { pauseSnapshot(): unknown };
}
const view = (room: Room) => room.state as unknown as { status: string; toAct: number; seats: SeatView[] };

/** What a table keeps per room (heap per table, issue 10), and that clients see no difference. */
describe("TableRoom: per-table heap", function () {
  this.timeout(30_000);
  const serverOf = useServer({ BOT_DELAY_MS: "100" });

  async function botsTable(name: string): Promise<Room> {
    return sdkClient(serverOf().url, await makeUser(name)).create("baloot", { mode: "bots" });
  }

  it("a table registers one dispatching message handler, not one per message type", async () => {
    const room = await botsTable("Dispatch");
    const registered = localRoom<RegisteredMessages>(room.roomId).onMessageEvents.events;
    assert.deepEqual(Object.keys(registered), ["*"]);
    assert.equal(registered["*"]?.length, 1);
    await room.leave();
  });

  it("known message types still reach their handlers; names of Object members are unknown types", async () => {
    const room = await botsTable("Dispatch names");
    const rec = new Recorded(room);
    room.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty"]) room.send(type, {});
    await until(() => rec.of("error").length >= 4, 5_000, "four errors");
    const errors = rec.of<{ code: string; message: string }>("error");
    assert.deepEqual(
      errors.map((e) => e.code),
      ["UNKNOWN_MESSAGE", "UNKNOWN_MESSAGE", "UNKNOWN_MESSAGE", "UNKNOWN_MESSAGE"],
    );
    assert.match(errors[0]?.message ?? "", /unknown message type "constructor"/);
    await room.leave();
  });

  it("a bot seated from the start keeps no private collection (its hand and projects stay empty text); the human still gets his hand and legal actions", async () => {
    const room = await botsTable("Ownerless");
    await until(() => view(room)?.status === "playing" && (view(room).seats[0]?.hand?.length ?? 0) > 0, 10_000, "dealt");
    const seats = localRoom<{ state: { seats: ServerSeat[] } }>(room.roomId).state.seats;
    for (const seat of seats.slice(1)) {
      assert.equal(seat.isBot, true);
      assert.equal(seat.legalActions, undefined, "a bot seat's legal-action collection is dropped");
      assert.equal(seat.hand, "", "a bot seat's hand is never written");
      assert.equal(seat.projects, "");
    }
    assert.notEqual(seats[0]?.legalActions, undefined, "the human's seat keeps its collection");
    assert.notEqual(seats[0]?.hand, "", "the human's hand is written");
    await until(() => view(room).toAct === 0 && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 15_000, "the human's legal actions");
    for (const seat of view(room).seats.slice(1)) assert.equal(seat.hand ?? "", "", "no bot hand reaches the client");
    await room.leave();
  });

  it("tables share one change-queue node pool, and Colyseus's adjustments live on the class, not on each room", async () => {
    const a = await botsTable("Pool A");
    const b = await botsTable("Pool B");
    await until(() => view(a)?.status === "playing" && view(b)?.status === "playing", 10_000, "both dealt");
    const roomA = localRoom<RoomInternals & object>(a.roomId);
    const roomB = localRoom<RoomInternals & object>(b.roomId);
    const rootA = roomA._serializer.encoder.root;
    const rootB = roomB._serializer.encoder.root;
    assert.notEqual(rootA, rootB);
    assert.equal(rootA._nodePool, rootB._nodePool, "one pool for every table's change queue");
    assert.equal(Object.hasOwn(roomA, "sendFullState"), false, "sendFullState is adjusted on the class, not on each room");
    assert.equal(Object.hasOwn(rootA, "enqueueChangeTree"), false, "the change-queue hook is not an own property of the root");
    // Nothing paused here: the pause control is never made (a stored table has no pause).
    assert.equal(roomA.pausing.pauseSnapshot(), null);
    // The shared pool is safe: both tables still play and patch their own clients.
    const rec = new Recorded(b);
    b.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
    await a.leave();
    await b.leave();
  });

  it("a room is a fast-mode object: Colyseus's five per-room accessors are the class's, and run Colyseus's own getters and setters", async () => {
    interface AccessorRoom {
      state: { seats: unknown[] };
      maxClients: number;
      autoDispose: boolean;
      patchRate: number | null;
      _listing: { maxClients: number; locked: boolean };
      hasReachedMaxClients(): boolean;
    }
    const room = await botsTable("Accessors");
    const server = localRoom<AccessorRoom & object>(room.roomId);
    await until(() => view(room)?.status === "playing", 10_000, "dealt");
    assert.ok(hasFastProperties(server), "not a dictionary-mode object");
    for (const name of ["state", "maxClients", "autoDispose", "patchRate", "unreliablePatchRate"]) {
      assert.equal(Object.hasOwn(server, name), false, `${name} is not an own property`);
    }
    assert.equal(server.state.seats.length, 4, "the schema state is read through Colyseus's getter");
    assert.equal(server.patchRate, null, "the room ticks on the timer wheel (timers.ts), not on a patch interval");
    assert.equal(server.autoDispose, false, "a started match keeps the table");
    // maxClients goes through Colyseus's setter: the matchmaking listing follows, and the lock.
    const maxClients = server.maxClients;
    assert.equal(server._listing.maxClients, maxClients, "the listing's figure is the room's");
    server.maxClients = 1;
    await until(() => server._listing.maxClients === 1, 2_000, "the listing updated");
    assert.equal(server.hasReachedMaxClients(), true);
    assert.equal(server._listing.locked, true);
    server.maxClients = maxClients;
    await until(() => server._listing.maxClients === maxClients && !server._listing.locked, 2_000, "the listing updated back");
    // The room still patches its client: an answer and the state arrive.
    const rec = new Recorded(room);
    room.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
    await room.leave();
  });

  it("a joined connection and the room's reservation maps stay fast-mode objects (the join queue is emptied, not deleted)", async () => {
    const room = await botsTable("Joined");
    const server = localRoom<JoinInternals>(room.roomId);
    await until(() => server.clients[0]?.state === 1, 5_000, "the join confirmed (JOINED)");
    const client = server.clients[0] as JoinInternals["clients"][number];
    assert.equal(client._enqueuedMessages, undefined, "nothing is queued once joined");
    assert.ok(hasFastProperties(client), "the connection is not a dictionary-mode object");
    assert.ok(hasFastProperties(server._reservedSeats) && hasFastProperties(server._reservedSeatTimeouts), "the used reservations' maps were replaced");
    assert.ok(client.view instanceof TableView);
    assert.ok(hasFastProperties(client.ref._events), "the socket's listener object was replaced by a fast-mode copy");
    assert.equal(Object.getPrototypeOf(client.ref._events), null, "with EventEmitter's null prototype");
    assert.deepEqual(Object.keys(client.ref._events).sort(), ["close", "error", "message", "pong"], "the same events");
    assert.ok(hasFastProperties(server._events._events), "the room's emitter's listener object too");
    assert.equal(Object.getPrototypeOf(server._events._events), null);
    for (const event of ["lock", "unlock", "join", "leave", "dispose"]) assert.ok(Object.hasOwn(server._events._events, event), `the matchmaker's ${event} listener is kept`);
    // The connection works as before: state and answers arrive.
    const rec = new Recorded(room);
    room.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
    await until(() => view(room).status === "playing", 10_000, "dealt");
    await room.leave();
  });

  it("a table of four humans makes no bot memory (a vs-bots table does once its bots play) and is locked once full", async () => {
    interface BotMemoryHolder {
      parts: { match: { turns: { bots: { memory: Map<number, unknown> | null } } } };
    }
    const bots = await botsTable("Bot memory");
    const botsRoom = localRoom<BotMemoryHolder>(bots.roomId);
    const rec = new Recorded(bots);
    // The human plays his turns (the first turn may be his) until a bot has decided.
    for (let turn = 0; turn < 10 && (botsRoom.parts.match.turns.bots.memory?.size ?? 0) === 0; turn++) {
      await until(() => (botsRoom.parts.match.turns.bots.memory?.size ?? 0) > 0 || (view(bots)?.toAct === 0 && (view(bots)?.seats?.[0]?.legalActions?.length ?? 0) > 0), 15_000, "a bot decided or the human's turn");
      const legal = view(bots)?.seats?.[0]?.legalActions;
      if ((botsRoom.parts.match.turns.bots.memory?.size ?? 0) === 0 && legal?.[0]) await act(rec, JSON.parse(legal[0]));
    }
    assert.ok((botsRoom.parts.match.turns.bots.memory?.size ?? 0) > 0, "a bot decided and remembers");
    await bots.leave();

    const humans = await Promise.all(["Q1", "Q2", "Q3", "Q4"].map(async (name) => sdkClient(serverOf().url, await makeUser(name))));
    const first = await humans[0]!.joinOrCreate("baloot", { mode: "quick" });
    const rest = await Promise.all(humans.slice(1).map((c) => c.joinById(first.roomId)));
    const quick = localRoom<BotMemoryHolder>(first.roomId);
    await until(() => view(first)?.status === "playing", 10_000, "the four humans' match started");
    assert.equal(quick.parts.match.turns.bots.memory, null, "no bot played: no memory map");
    // The full table is locked for the matchmaker (its listener sits in the compacted emitter): a fifth player gets another table.
    const fifth = await sdkClient(serverOf().url, await makeUser("Q5")).joinOrCreate("baloot", { mode: "quick" });
    assert.notEqual(fifth.roomId, first.roomId, "a full quick table is not offered again");
    for (const r of [first, ...rest, fifth]) await r.leave();
  });

  it("a joined connection's compacted listeners still fire: the error listener is there and a drop leaves the room", async () => {
    const room = await botsTable("Compacted");
    const server = localRoom<JoinInternals>(room.roomId);
    await until(() => server.clients[0]?.state === 1, 5_000, "the join confirmed (JOINED)");
    const socket = (server.clients[0] as JoinInternals["clients"][number]).ref as unknown as { emit(e: string, err: Error): boolean; terminate(): void };
    assert.ok(hasFastProperties((socket as unknown as { _events: object })._events));
    assert.equal(socket.emit("error", new Error("test fault")), true, "the error listener is still there");
    socket.terminate();
    await until(() => server.clients.length === 0, 5_000, "the dropped connection left the room's clients");
  });
});
