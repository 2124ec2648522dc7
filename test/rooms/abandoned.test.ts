import assert from "node:assert/strict";
import { sql } from "kysely";
import type { Client as ServerClient } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  matchId: string;
}
const view = (room: Room) => room.state as unknown as TableView;

function gone(roomId: string): boolean {
  try {
    localRoom(roomId);
    return false;
  } catch {
    return true;
  }
}

/**
 * Item 27: a table nobody will come back to must not hold its memory for the length of a match
 * played at the bots' human pace (BOT_DELAY_MS = 1 s here: a whole Baloot match is minutes).
 */
describe("abandoned tables close promptly (item 27)", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "1000", RECONNECT_GRACE_S: "1" });

  async function stored(matchId: string): Promise<string | undefined> {
    const rows = await sql<{ status: string }>`select status from matches where id = ${matchId}`.execute(serverOf().database.db);
    return rows.rows[0]?.status;
  }

  it("left for good: the bots finish the match at once, it is stored, the table closes", async () => {
    const room = await sdkClient(serverOf().url, await makeUser("Quitter")).create("baloot", { mode: "bots" });
    Recorded.of(room);
    await until(() => view(room)?.status === "playing" && view(room).matchId !== "", 5_000, "start");
    const { roomId } = room;
    const matchId = view(room).matchId;
    await room.leave();
    await until(() => gone(roomId), 30_000, "table closed");
    assert.equal(await stored(matchId), "finished");
  });

  it("dropped and never back: after the grace the same", async () => {
    const room = await sdkClient(serverOf().url, await makeUser("Vanished")).create("baloot", { mode: "bots" });
    Recorded.of(room);
    room.reconnection.enabled = false;
    await until(() => view(room)?.status === "playing" && view(room).matchId !== "", 5_000, "start");
    const { roomId } = room;
    const matchId = view(room).matchId;
    const client = localRoom<{ clients: { getById(id: string): ServerClient | undefined } }>(roomId).clients.getById(room.sessionId);
    (client?.ref as unknown as { terminate(): void }).terminate();
    await until(() => gone(roomId), 30_000, "table closed");
    assert.equal(await stored(matchId), "finished");
  });

  it("a spectator still watching keeps the bots at their pace", async () => {
    const room = await sdkClient(serverOf().url, await makeUser("Host")).create("baloot", { mode: "bots" });
    Recorded.of(room);
    await until(() => view(room)?.status === "playing", 5_000, "start");
    const watcher = await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(room.roomId, { spectate: true });
    Recorded.of(watcher);
    await room.leave();
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(view(watcher).status, "playing", "not rushed while someone watches");
    await watcher.leave();
    await until(() => gone(room.roomId), 30_000, "closes once nobody watches");
  });
});
