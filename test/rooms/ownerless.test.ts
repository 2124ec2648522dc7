import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  hand?: string[];
  legalActions?: string[];
}
interface ServerSeat {
  isBot: boolean;
  hand?: unknown;
  legalActions?: unknown;
  projects?: unknown;
}
const view = (room: Room) => room.state as unknown as { status: string; toAct: number; seats: SeatView[] };

describe("Ownerless seats: a bot seated from the start keeps no private collections (heap per table, issue 10)", function () {
  this.timeout(30_000);
  const serverOf = useServer({ BOT_DELAY_MS: "100" });

  it("a vs-bots table drops the bots' private collections; the human still gets his hand and legal actions", async () => {
    const user = await makeUser("Ownerless");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
    await until(() => view(room)?.status === "playing" && (view(room).seats[0]?.hand?.length ?? 0) > 0, 10_000, "dealt");
    const seats = localRoom<{ state: { seats: ServerSeat[] } }>(room.roomId).state.seats;
    for (const seat of seats.slice(1)) {
      assert.equal(seat.isBot, true);
      assert.equal(seat.hand, undefined, "a bot seat's hand collection is dropped");
      assert.equal(seat.legalActions, undefined);
      assert.equal(seat.projects, undefined);
    }
    assert.notEqual(seats[0]?.hand, undefined, "the human's seat keeps its collections");
    await until(() => view(room).toAct === 0 && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 15_000, "the human's legal actions");
    for (const seat of view(room).seats.slice(1)) assert.deepEqual(seat.hand ?? [], [], "no bot hand reaches the client");
    await room.leave();
  });
});
