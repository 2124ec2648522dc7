import assert from "node:assert/strict";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

/** What the room's message registration exposes (Colyseus re-exposes it as `onMessageEvents`). */
interface RegisteredMessages {
  onMessageEvents: { events: Record<string, unknown[]> };
}

describe("TableRoom: client message dispatch", function () {
  this.timeout(30_000);
  const serverOf = useServer({ BOT_DELAY_MS: "200" });

  it("a table registers one dispatching handler, not one per message type (heap per table, issue 10)", async () => {
    const user = await makeUser("Dispatch");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
    const registered = localRoom<RegisteredMessages>(room.roomId).onMessageEvents.events;
    assert.deepEqual(Object.keys(registered), ["*"]);
    assert.equal(registered["*"]?.length, 1);
    await room.leave();
  });

  it("known types still reach their handlers; names of Object members are unknown types", async () => {
    const user = await makeUser("Dispatch names");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
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
});
