import assert from "node:assert/strict";
import { Recorded, act, makeUser, sdkClient, until, type TestUser, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  phase: string;
  toAct: number;
  seq: number;
  seats: { userId: string }[];
}

/**
 * A seat that is not to act gets the engine's reason when the rules never give it that call
 * (NOT_YOUR_CALL), and NOT_YOUR_TURN when it merely has to wait (issue 9, item 8, through the room).
 */
describe("off-turn refusals through the room", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", BOT_FILL_WAIT_S: "600" });

  it("an Ashkal from a seat that never has it is NOT_YOUR_CALL; from the dealer before his turn, NOT_YOUR_TURN; nothing changes", async () => {
    const users: TestUser[] = [];
    const players: Recorded[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await makeUser(`Q${i}`);
      users.push(user);
      players.push(new Recorded(await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick" })));
    }
    const state = () => players[0]!.room.state as unknown as TableView;
    await until(() => state()?.status === "playing" && state().phase === "BIDDING", 10_000, "bidding");
    const seatOf = (i: number) => (players[i]!.room.state as unknown as TableView).seats.findIndex((s) => s.userId === users[i]!.id);
    const codes = new Map<number, string>();
    const seqBefore = state().seq;
    for (let i = 0; i < 4; i++) {
      const seat = seatOf(i);
      if (seat === state().toAct) continue;
      const ack = await act(players[i]!, { type: "bid", bid: "ASHKAL" });
      assert.equal(ack.ok, false);
      codes.set(seat, ack.error!.code);
    }
    // Three seats wait; Ashkal belongs to the dealer and one neighbour, so at least one of the
    // waiting seats can never call it, and the dealer (who may, later) only has to wait.
    const values = [...codes.values()];
    assert.equal(values.length, 3);
    assert.ok(values.includes("NOT_YOUR_CALL"), `codes: ${JSON.stringify([...codes])}`);
    assert.ok(values.includes("NOT_YOUR_TURN"), `codes: ${JSON.stringify([...codes])}`);
    assert.ok(values.every((c) => c === "NOT_YOUR_CALL" || c === "NOT_YOUR_TURN"), `codes: ${JSON.stringify([...codes])}`);
    assert.equal(state().seq, seqBefore, "a refused call changes nothing");
  });
});
