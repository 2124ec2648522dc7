import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { TableRegistry, type StoredTable } from "../../src/services/tableRegistry.js";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  matchId: string;
  seats: { joinCode: string }[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

/** Registry writes are in the background: poll until the row matches. */
async function waitFor(registry: TableRegistry, roomId: string, check: (t: StoredTable) => boolean, what: string): Promise<StoredTable> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await registry.get(roomId);
    if (t && check(t)) return t;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("rooms write the table registry", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", BOT_FILL_WAIT_S: "600" });
  const registry = () => new TableRegistry(serverOf().database.db);

  it("a vs-bots table: created with its owner and options, members and match at the start, finished at the end", async () => {
    const user = await makeUser("Owner");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", turnSeconds: 40, botLevel: "basic" });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    const t = await waitFor(registry(), room.roomId, (x) => x.status === "playing", "playing");
    assert.equal(t.ownerId, user.id);
    assert.equal(t.mode, "bots");
    assert.equal(t.game, "baloot");
    assert.equal(t.matchId, view(room)?.matchId);
    assert.ok(t.processId);
    assert.equal(t.options.turnSeconds, 40);
    assert.equal(t.options.botLevel, "basic");
    assert.deepEqual(t.members, [{ userId: user.id, seat: 0 }]);
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 10_000, "finished");
    assert.ok(rec.of("matchEnded").length === 1);
    const done = await waitFor(registry(), room.roomId, (x) => x.status === "finished", "finished");
    assert.equal(done.processId, null);
    await room.leave();
  });

  it("a private table: members follow seats before the start; a table closed before its start is closed", async () => {
    const host = await makeUser("Host");
    const friend = await makeUser("Friend");
    const hostRoom = await sdkClient(serverOf().url, host).create("baloot", { mode: "private" });
    await until(() => (view(hostRoom)?.seats?.[0]?.joinCode ?? "").length === 6, 5_000, "join code");
    const code = view(hostRoom)!.seats[0]!.joinCode;
    const friendRoom = await sdkClient(serverOf().url, friend).joinById(hostRoom.roomId, { joinCode: code, seat: 2 });
    let t = await waitFor(registry(), hostRoom.roomId, (x) => x.members.length === 2, "two members");
    assert.equal(t.ownerId, host.id);
    assert.deepEqual(t.members.find((m) => m.userId === friend.id)?.seat, 2);
    friendRoom.send("seat", { seat: 1 });
    await waitFor(registry(), hostRoom.roomId, (x) => x.members.some((m) => m.userId === friend.id && m.seat === 1), "seat change");
    await friendRoom.leave();
    t = await waitFor(registry(), hostRoom.roomId, (x) => x.members.length === 1, "friend gone");
    assert.deepEqual(t.members, [{ userId: host.id, seat: 0 }]);
    await hostRoom.leave();
    t = await waitFor(registry(), hostRoom.roomId, (x) => x.status === "closed", "closed");
    assert.equal(t.processId, null);
  });

  it("a quick table has no owner", async () => {
    const user = await makeUser("Quick");
    const room = await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick" });
    new Recorded(room);
    const t = await waitFor(registry(), room.roomId, (x) => x.members.length === 1, "member");
    assert.equal(t.ownerId, null);
    assert.equal(t.mode, "quick");
    await room.leave();
  });
});
