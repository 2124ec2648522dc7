import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  userId: string;
  joinCode: string;
  occupied: boolean;
}
interface TableView {
  status: string;
  spectators: number;
  seats: SeatView[];
  toJSON(): unknown;
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

interface PublicTable {
  roomId: string;
  game: string;
  mode: string;
  ranked: boolean;
  status: "waiting" | "playing";
  seats: { seat: number; name: string; bot: boolean; connected: boolean }[];
  spectators: number;
  createdAt: string;
}

describe("who may see and find a table", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "1000", BOT_FILL_WAIT_S: "600", TABLE_CODE_LOOKUPS_PER_MIN: "30" });

  it("item 4: watching a private table needs its join code (or a seat there before); only seated players receive the code", async () => {
    const host = await makeUser("Host");
    const hostRoom = await sdkClient(serverOf().url, host).create("baloot", { mode: "private" });
    new Recorded(hostRoom);
    await until(() => (view(hostRoom)?.seats?.[0]?.joinCode ?? "").length === 6, 5_000, "host sees the code");
    const code = view(hostRoom)!.seats[0]!.joinCode;

    const stranger = await makeUser("Stranger");
    await assert.rejects(sdkClient(serverOf().url, stranger).joinById(hostRoom.roomId, { spectate: true }), /BAD_JOIN_CODE/);
    await assert.rejects(sdkClient(serverOf().url, stranger).joinById(hostRoom.roomId, { spectate: true, joinCode: "ZZZZZZ" }), /BAD_JOIN_CODE/);
    const watcher = await sdkClient(serverOf().url, stranger).joinById(hostRoom.roomId, { spectate: true, joinCode: code.toLowerCase() });
    new Recorded(watcher);
    await until(() => view(hostRoom)?.spectators === 1 && view(watcher)?.seats?.[0]?.occupied === true, 5_000, "watching");

    const friend = await makeUser("Friend");
    const friendRoom = await sdkClient(serverOf().url, friend).joinById(hostRoom.roomId, { joinCode: code });
    new Recorded(friendRoom);
    await until(() => view(friendRoom)?.seats?.[1]?.joinCode === code, 5_000, "a seated player sees the code in his seat");
    await until(() => view(watcher)?.seats?.[1]?.occupied === true, 5_000);
    // The spectator's whole decoded state never holds the code.
    assert.ok(!JSON.stringify(view(watcher)!.toJSON()).includes(code), "no code in a spectator's state");
    assert.ok(view(friendRoom)!.seats.every((s, i) => i === 1 || !s.joinCode), `a player sees only his own seat field: ${JSON.stringify(view(friendRoom)!.seats.map((s) => s.joinCode))}`);

    // Having been seated is enough to come back and watch without the code.
    await friendRoom.leave();
    await until(() => view(hostRoom)?.seats?.[1]?.occupied === false, 5_000, "seat freed");
    const again = await sdkClient(serverOf().url, friend).joinById(hostRoom.roomId, { spectate: true });
    new Recorded(again);
    await until(() => view(hostRoom)?.spectators === 2, 5_000);
    await Promise.all([again.leave(), watcher.leave(), hostRoom.leave()]);
  });

  it("item 9: a user may look up at most TABLE_CODE_LOOKUPS_PER_MIN join codes a minute", async () => {
    const guesser = await makeUser("Guesser");
    const lookup = (token: string, code: string) => fetch(`${serverOf().url}/tables/code/${code}`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await lookup(guesser.token, `ZZZ${String(i).padStart(3, "2")}`)).status);
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(404));
    const refused = await lookup(guesser.token, "ZZZ999");
    assert.equal(refused.status, 429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "RATE_LIMITED");
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    // Per user: someone else is not affected.
    assert.equal((await lookup((await makeUser("Other")).token, "ZZZ222")).status, 404);
  });

  it("item 22: GET /tables/public lists live public tables (quick, casual and ranked) with seats, status and spectators", async () => {
    const token = (await makeUser("Browser")).token;
    const list = async () => {
      const res = await fetch(`${serverOf().url}/tables/public`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      return ((await res.json()) as { tables: PublicTable[] }).tables;
    };
    assert.equal((await fetch(`${serverOf().url}/tables/public`)).status, 401, "needs a token");

    const quickUser = await makeUser("Quick Player");
    const quick = await sdkClient(serverOf().url, quickUser).joinOrCreate("baloot", { mode: "quick" });
    new Recorded(quick);
    const bots = await sdkClient(serverOf().url, await makeUser("Solo")).create("baloot", { mode: "bots" });
    new Recorded(bots);
    const priv = await sdkClient(serverOf().url, await makeUser("Secret")).create("baloot", { mode: "private" });
    new Recorded(priv);
    const watcher = await sdkClient(serverOf().url, await makeUser("Fan")).joinById(quick.roomId, { spectate: true });
    new Recorded(watcher);

    let tables: PublicTable[] = [];
    for (let i = 0; i < 50; i++) {
      tables = await list();
      if (tables.find((t) => t.roomId === quick.roomId)?.spectators === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ids = tables.map((t) => t.roomId);
    assert.ok(!ids.includes(bots.roomId), "vs-bots tables are unlisted");
    assert.ok(!ids.includes(priv.roomId), "private tables are unlisted");
    const mine = tables.find((t) => t.roomId === quick.roomId);
    assert.ok(mine, "the quick table is listed");
    assert.deepEqual(Object.keys(mine).sort(), ["createdAt", "game", "mode", "ranked", "roomId", "seats", "spectators", "status"]);
    assert.equal(mine.game, "baloot");
    assert.equal(mine.mode, "quick");
    assert.equal(mine.ranked, false);
    assert.equal(mine.status, "waiting");
    assert.equal(mine.spectators, 1);
    assert.ok(!Number.isNaN(Date.parse(mine.createdAt)));
    assert.equal(mine.seats.length, 4);
    assert.deepEqual(mine.seats[0], { seat: 0, name: "Quick Player", bot: false, connected: true });
    assert.deepEqual(mine.seats[1], { seat: 1, name: "", bot: false, connected: false });

    await quick.leave();
    await watcher.leave();
    await Promise.all([bots.leave(), priv.leave()]);
  });
});
