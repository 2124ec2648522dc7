import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  userId: string;
  name: string;
  isBot: boolean;
  occupied: boolean;
  joinCode: string;
}
interface TableView {
  status: string;
  mode: string;
  hostSeat: number;
  seats: SeatView[];
  profile: string;
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

describe("private tables and quick-match bot fill", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", BOT_FILL_WAIT_S: "1" });

  it("private table: join by code, choose seats (partners), host fills bots and starts with the chosen rules", async () => {
    const host = await makeUser("Host");
    const friend = await makeUser("Friend");
    const stranger = await makeUser("Stranger");
    const hostRoom = await sdkClient(serverOf().url, host).create("baloot", { mode: "private", turnSeconds: 45, game: { profile: "KAMMELNA_LIKE" } });
    const hostRec = new Recorded(hostRoom);
    // The code is a field of the host's own seat (seated players only).
    await until(() => (view(hostRoom)?.seats?.[0]?.joinCode ?? "").length === 6, 5_000, "join code");
    const code = view(hostRoom)!.seats[0]!.joinCode;
    assert.equal(view(hostRoom)!.hostSeat, 0);

    // The code resolves to the room over HTTP (any process, through presence).
    const lookup = await fetch(`${serverOf().url}/tables/code/${code.toLowerCase()}`, { headers: { authorization: `Bearer ${friend.token}` } });
    assert.equal(lookup.status, 200);
    const { roomId } = (await lookup.json()) as { roomId: string };
    assert.equal(roomId, hostRoom.roomId);
    assert.equal((await fetch(`${serverOf().url}/tables/code/${code}`)).status, 401, "lookup needs a token");
    assert.equal((await fetch(`${serverOf().url}/tables/code/ZZZZZZ`, { headers: { authorization: `Bearer ${friend.token}` } })).status, 404);

    // Private tables are not offered by quick matchmaking, and need their code.
    const quick = await sdkClient(serverOf().url, stranger).joinOrCreate("baloot", { mode: "quick" });
    quick.onMessage("*", () => {});
    assert.notEqual(quick.roomId, roomId);
    await quick.leave();
    await assert.rejects(sdkClient(serverOf().url, stranger).joinById(roomId), /BAD_JOIN_CODE/);

    // The friend sits opposite the host (seat 2) to be his partner.
    const friendRoom = await sdkClient(serverOf().url, friend).joinById(roomId, { joinCode: code, seat: 2 });
    const friendRec = new Recorded(friendRoom);
    await until(() => view(hostRoom)?.seats?.[2]?.userId === friend.id, 5_000, "friend at seat 2");

    // Only the host may fill bots and start; start needs every seat.
    friendRoom.send("fillBots", {});
    await until(() => friendRec.of<{ code: string }>("error").some((e) => e.code === "NOT_HOST"), 5_000);
    hostRoom.send("start", {});
    await until(() => hostRec.of<{ code: string }>("error").some((e) => e.code === "NOT_STARTED"), 5_000);
    // Friend moves to seat 1 and back to 2: seat changes before the start.
    friendRoom.send("seat", { seat: 1 });
    await until(() => view(hostRoom)?.seats?.[1]?.userId === friend.id && view(hostRoom)?.seats?.[2]?.occupied === false, 5_000);
    friendRoom.send("seat", { seat: 2 });
    await until(() => view(hostRoom)?.seats?.[2]?.userId === friend.id, 5_000);

    hostRoom.send("fillBots", {});
    await until(() => view(hostRoom)!.seats.filter((s) => s.isBot).length === 2, 5_000, "two bots");
    assert.equal(view(hostRoom)!.status, "waiting", "filling does not start the match");
    hostRoom.send("start", {});
    await until(() => view(hostRoom)?.status === "playing", 5_000, "started");
    assert.equal(view(hostRoom)!.profile, "KAMMELNA_LIKE");
    assert.equal((view(hostRoom) as unknown as { turnTimeoutS: number }).turnTimeoutS, 45);
    friendRoom.send("seat", { seat: 3 });
    await until(() => friendRec.of<{ code: string }>("error").some((e) => e.code === "ALREADY_STARTED"), 5_000);
    await Promise.all([hostRoom.leave(), friendRoom.leave()]);
  });

  it("refuses unknown game options at creation", async () => {
    const user = await makeUser("Picky");
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { profile: "HOUSE_RULES" } }), /BAD_OPTIONS: game\.profile: Invalid option/);
    // Profile overrides are checked by the engine: one line naming the key and the allowed values.
    await assert.rejects(
      sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { overrides: { scoring: { tie: "COIN" } } } }),
      (err: Error) => /^BAD_OPTIONS: game: profile key "scoring\.tie": "COIN" is not allowed; allowed: "SPLIT" \| "BUYER_LOSES"/.test(err.message) && !err.message.includes("\n"),
    );
  });

  it("quick match under concurrent joins: everyone is seated, four to a table", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => makeUser(`Rush${i}`)));
    const rooms = await Promise.all(users.map((u) => sdkClient(serverOf().url, u).joinOrCreate("baloot", { mode: "quick" })));
    rooms.forEach((r) => r.onMessage("*", () => {}));
    const perTable = new Map<string, number>();
    for (const r of rooms) perTable.set(r.roomId, (perTable.get(r.roomId) ?? 0) + 1);
    assert.deepEqual([...perTable.values()].sort(), [4, 4, 4]);
    await until(() => rooms.every((r) => view(r)?.status === "playing"), 5_000, "all three tables started");
    // A started quick table still takes spectators by id.
    const watcher = await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(rooms[0]!.roomId, { spectate: true });
    watcher.onMessage("*", () => {});
    await until(() => view(watcher)?.status === "playing", 5_000);
    await Promise.all([...rooms, watcher].map((r) => r.leave()));
  });

  it("quick match: bots fill the empty seats after BOT_FILL_WAIT_S", async () => {
    const user = await makeUser("Lonely");
    const room = await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick" });
    room.onMessage("*", () => {});
    assert.equal(view(room)?.status ?? "waiting", "waiting");
    await until(() => view(room)?.status === "playing", 5_000, "bots filled");
    assert.equal(view(room)!.seats.filter((s) => s.isBot).length, 3);
    await room.leave();
  });
});

describe("MAX_ROOMS and table creation rate limit", function () {
  this.timeout(60_000);
  const serverOf = useServer({ MAX_ROOMS: "3", TABLE_RATE_LIMIT_PER_MIN: "2" });

  it("creating a table beyond the limit is refused with a clear error", async () => {
    const rooms: Room[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const r = await sdkClient(serverOf().url, await makeUser(`Busy${i}`)).create("baloot", { mode: "private" });
        r.onMessage("*", () => {});
        rooms.push(r);
      }
      await assert.rejects(sdkClient(serverOf().url, await makeUser("OneTooMany")).create("baloot", { mode: "private" }), (err: Error & { code?: number }) => {
        assert.match(err.message, /ROOM_LIMIT/);
        assert.equal(err.code, 503);
        return true;
      });
    } finally {
      await Promise.all(rooms.map((r) => r.leave()));
    }
  });

  it("one user opening tables too fast gets RATE_LIMITED (429) with a retry time", async () => {
    const user = await makeUser("Hasty");
    const first = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
    first.onMessage("*", () => {});
    await first.leave();
    const second = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
    second.onMessage("*", () => {});
    await second.leave();
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots" }), (err: Error & { code?: number }) => {
      assert.match(err.message, /RATE_LIMITED: too many new tables; try again in \d+ s/);
      assert.equal(err.code, 429);
      return true;
    });
  });
});
