import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

/** The `ws` connection members these tests look at (private in `ws` and `net`). */
interface JoinedSocket {
  _events: Record<string, unknown>;
  onleave: unknown;
  _extensions: object;
  _receiver: { _extensions: object };
  _sender: { _extensions: object };
  _socket: { _peername?: unknown; remoteAddress?: string };
  emit(event: string, err: Error): boolean;
  terminate(): void;
}
interface ServerClient {
  state: number;
  sessionId: string;
  ref: JoinedSocket;
}
interface ServerRoom {
  clients: ServerClient[];
  /** The connections whose first fault was logged (transport.ts ClientFaults). */
  faults: { logged: WeakSet<object> | null };
}

const listenersOf = (socket: JoinedSocket, event: string): unknown[] => {
  const l = socket._events[event];
  return Array.isArray(l) ? l : l === undefined ? [] : [l];
};

/** What a joined connection keeps on the server (issue 10, heap per quick table: four connections). */
describe("TableRoom: per-connection heap", function () {
  this.timeout(30_000);
  const serverOf = useServer({ BOT_DELAY_MS: "100" });
  // Left after each test even when it fails (a quick table left open would take the next test's players).
  let open: Room[] = [];
  afterEach(async () => {
    for (const r of open) await r.leave().catch(() => {});
    open = [];
  });

  async function twoHumans(): Promise<{ rooms: Room[]; server: ServerRoom }> {
    const [a, b] = await Promise.all(["C1", "C2"].map(async (name) => sdkClient(serverOf().url, await makeUser(name))));
    const first = await a!.joinOrCreate("baloot", { mode: "quick" });
    const second = await b!.joinById(first.roomId);
    open = [first, second];
    const server = localRoom<ServerRoom>(first.roomId);
    await until(() => server.clients.length === 2 && server.clients.every((c) => c.state === 1), 5_000, "both joins confirmed (JOINED)");
    return { rooms: [first, second], server };
  }

  it("a joined connection's close listener is Colyseus's own, not a `once` wrapper", async () => {
    const { server } = await twoHumans();
    for (const client of server.clients) {
      const close = listenersOf(client.ref, "close");
      assert.ok(close.includes(client.ref.onleave), "Colyseus's leave listener is there itself");
      for (const l of close) assert.equal((l as { listener?: unknown }).listener, undefined, "no once wrapper");
    }
  });

  it("the connections of a table share one socket error listener, and each error still reaches its own connection's fault count", async () => {
    const { rooms, server } = await twoHumans();
    const [a, b] = server.clients as [ServerClient, ServerClient];
    const errorA = listenersOf(a.ref, "error");
    assert.equal(errorA.length, 1);
    assert.deepEqual(listenersOf(b.ref, "error"), errorA, "the same function");
    assert.equal(a.ref.emit("error", new Error("test fault")), true);
    // The fault is the connection's own: logged for it, not for the other, which still plays.
    assert.equal(server.faults.logged?.has(a), true);
    assert.equal(server.faults.logged?.has(b), false);
    b.ref.terminate();
    open = [rooms[0]!];
    await until(() => server.clients.length === 1, 5_000, "the terminated connection left");
    assert.equal(server.clients[0]?.sessionId, a.sessionId);
    const rec = new Recorded(rooms[0]!);
    rooms[0]!.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
  });

  it("a joined socket keeps no cached peer address (it still answers) and connections without extensions share one empty record", async () => {
    const { rooms, server } = await twoHumans();
    const [a, b] = server.clients as [ServerClient, ServerClient];
    for (const client of [a, b]) {
      assert.equal(client.ref._socket._peername, undefined, "no cached peer name");
      assert.equal(client.ref._socket.remoteAddress, "127.0.0.1", "asked again, the address is there");
      assert.equal(client.ref._receiver._extensions, client.ref._extensions);
      assert.equal(client.ref._sender._extensions, client.ref._extensions);
      assert.ok(Object.isFrozen(client.ref._extensions));
      assert.deepEqual(Reflect.ownKeys(client.ref._extensions), []);
    }
    assert.equal(a.ref._extensions, b.ref._extensions, "one record for both");
    // Frames still flow both ways on the trimmed connections.
    const rec = new Recorded(rooms[1]!);
    rooms[1]!.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score answer");
    open = [];
    for (const r of rooms) await r.leave();
    await until(() => server.clients.length === 0, 5_000, "both left");
  });
});
