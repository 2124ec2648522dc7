import assert from "node:assert/strict";
import type { Client as ServerClient } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";
import { cardList } from "../../web/src/games/baloot/fields.js";

interface SeatView {
  userId: string;
  /** The seat's cards, "7S 10H AC" (private: "" unless ours). */
  hand?: string;
  connected: boolean;
  botControlled: boolean;
}
interface TableView {
  status: string;
  phase: string;
  toAct: number;
  deadline: number;
  seats: SeatView[];
}
const view = (room: Room) => room.state as unknown as TableView;
const seat0 = (room: Room): SeatView | undefined => (room.state as unknown as TableView | undefined)?.seats?.[0];

/** Cut a client's socket from the server side, as a network failure would (close code 1006). */
function dropConnection(roomId: string, sessionId: string): void {
  const room = localRoom<{ clients: { getById(id: string): ServerClient | undefined } }>(roomId);
  const client = room.clients.getById(sessionId);
  (client?.ref as unknown as { terminate(): void }).terminate();
}

describe("BalootRoom reconnection", function () {
  this.timeout(90_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", RECONNECT_GRACE_S: "2", TURN_TIMEOUT_S: "5", TURN_WARNING_S: "2" });

  async function botsTable(name: string) {
    const user = await makeUser(name);
    const client = sdkClient(serverOf().url, user);
    // dealer 3 → seat 0 (the human) speaks first, so it is his turn right away.
    const room = await client.create("baloot", { mode: "bots", game: { dealer: 3 } });
    room.reconnection.enabled = false; // the test reconnects by hand
    new Recorded(room);
    await until(() => view(room)?.status === "playing" && view(room).toAct === 0, 10_000, "human's turn");
    const watcher = await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(room.roomId, { spectate: true });
    new Recorded(watcher);
    return { user, client, room, watcher };
  }

  it("a dropped player keeps his seat and hand, and gets clock time back on reconnect", async () => {
    const { client, room, watcher } = await botsTable("Dropper");
    const hand = cardList(view(room).seats[0]?.hand ?? "");
    assert.equal(hand.length, 5);
    const token = room.reconnectionToken;
    dropConnection(room.roomId, room.sessionId);
    await until(() => seat0(watcher)?.connected === false, 5_000, "seat shown disconnected");
    assert.equal(seat0(watcher)?.botControlled, false, "seat held, not given to a bot yet");

    const back = await client.reconnect(token);
    new Recorded(back);
    await until(() => view(back)?.seats?.[0]?.connected === true && (view(back).seats[0]?.hand?.length ?? 0) > 0, 5_000, "reconnected");
    assert.deepEqual(cardList(view(back).seats[0]?.hand ?? ""), hand, "same hand");
    assert.equal(view(back).toAct, 0, "still his turn");
    // The 5 s turn clock kept running while he was away; reconnecting gives him 10 s again.
    assert.ok(view(back).deadline - Date.now() > 8_000, `deadline extended (${view(back).deadline - Date.now()} ms left)`);
    await until(() => seat0(watcher)?.connected === true, 5_000, "seat shown connected");
    await back.leave();
    await watcher.leave();
  });

  it("after the grace a bot takes the seat; the user rejoins by room id and takes it back", async () => {
    const { user, room, watcher } = await botsTable("Leaver");
    const roomId = room.roomId;
    dropConnection(roomId, room.sessionId);
    await until(() => seat0(watcher)?.botControlled === true, 8_000, "bot takeover after grace");

    const again = await sdkClient(serverOf().url, user).joinById(roomId);
    new Recorded(again);
    await until(() => view(again)?.seats?.[0]?.botControlled === false && (view(again).seats[0]?.hand?.length ?? 0) > 0, 5_000, "seat back");
    assert.equal(view(again).seats[0]?.userId, user.id);
    await until(() => seat0(watcher)?.connected === true && seat0(watcher)?.botControlled === false, 5_000);
    await again.leave();
    await watcher.leave();
  });

  it("reconnecting to a finished game gets a clear GAME_ENDED error", async () => {
    const { user, room, watcher } = await botsTable("Finisher");
    const rec = Recorded.of(watcher);
    const token = room.reconnectionToken;
    const roomId = room.roomId;
    // The player leaves for good: a bot plays his seat and the bots finish the match.
    dropConnection(roomId, room.sessionId);
    await until(() => rec.of("matchEnded").length === 1, 60_000, "match end");
    await watcher.leave();
    await until(() => {
      try {
        localRoom(roomId);
        return false;
      } catch {
        return true;
      }
    }, 10_000, "room disposed");

    await assert.rejects(sdkClient(serverOf().url, user).reconnect(token), (err: Error & { code?: number }) => {
      assert.match(err.message, /GAME_ENDED/);
      assert.equal(err.code, 410);
      return true;
    });
    await assert.rejects(sdkClient(serverOf().url, user).joinById(roomId), /GAME_ENDED/);
  });
});
