import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  userId: string;
  botControlled: boolean;
  consecutiveTimeouts: number;
}
interface TableView {
  status: string;
  endReason: string;
  winnerTeam: number;
  toAct: number;
  deadline: number;
  seats: SeatView[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

/**
 * The room's timers run on the process-wide wheel in the room's own time; moving that time
 * forward fires every timer that is due, so 30-second turns run out without waiting 30 seconds.
 */
function advanceClock(roomId: string, ms: number): void {
  localRoom<{ timers: { advance(ms: number): void } }>(roomId).timers.advance(ms);
}

describe("turn clock", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", TURN_TIMEOUT_S: "30", TURN_WARNING_S: "10", MAX_TIMEOUTS: "2", BOT_FILL_WAIT_S: "0" });

  it("puts the deadline in the public state, warns before expiry, applies the timeout action; casual: a bot takes over after N timeouts", async () => {
    const user = await makeUser("Sleepy");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer: 3 } });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing" && view(room)?.toAct === 0, 10_000, "human's turn");
    const deadline = view(room)!.deadline;
    assert.ok(Math.abs(deadline - (Date.now() + 30_000)) < 2_000, "deadline ≈ now + TURN_TIMEOUT_S");

    advanceClock(room.roomId, 21_000);
    await until(() => rec.of("turnWarning").length === 1, 5_000, "warning");
    const warning = rec.of<{ seat: number; remainingMs: number }>("turnWarning")[0]!;
    assert.equal(warning.seat, 0);
    assert.equal(view(room)!.seats[0]!.consecutiveTimeouts, 0, "no timeout yet at the warning");

    advanceClock(room.roomId, 10_000);
    await until(() => view(room)!.seats[0]!.consecutiveTimeouts === 1, 5_000, "first timeout");
    // The timeout action is the game's safe default: a pass in the auction.
    const passes = rec
      .events<{ events: { type: string; seat?: number; call?: string }[] }>()
      .flatMap((b) => b.events)
      .filter((e) => e.type === "bid" && e.seat === 0);
    assert.equal(passes[0]?.call, "PASS");
    assert.equal(view(room)!.seats[0]!.botControlled, false, "one timeout is not enough");

    await until(() => view(room)?.toAct === 0 && view(room)!.status === "playing", 10_000, "human's next turn");
    advanceClock(room.roomId, 31_000);
    await until(() => view(room)!.seats[0]!.botControlled === true, 5_000, "bot takes over after MAX_TIMEOUTS");
    assert.equal(view(room)!.seats[0]!.consecutiveTimeouts, 2);
    await room.leave();
  });

  it("ranked: the team of a player who times out N times in a row forfeits", async () => {
    const user = await makeUser("Absent");
    const room = await sdkClient(serverOf().url, user).joinOrCreate("baloot_ranked");
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "bots filled the ranked table");
    const mySeat = view(room)!.seats.findIndex((s) => s.userId === user.id);
    const myTeam = mySeat % 2;
    for (let n = 1; n <= 2; n++) {
      await until(() => view(room)?.toAct === mySeat || view(room)?.status === "finished", 10_000, `turn ${n}`);
      if (view(room)!.status === "finished") break;
      advanceClock(room.roomId, 31_000);
      await until(() => view(room)!.seats[mySeat]!.consecutiveTimeouts === n || view(room)!.status === "finished", 5_000, `timeout ${n}`);
    }
    await until(() => view(room)!.status === "finished", 5_000, "forfeit");
    assert.equal(view(room)!.endReason, "forfeit");
    assert.equal(view(room)!.winnerTeam, 1 - myTeam);
    const ended = rec.of<{ outcome: { winnerTeam: number; reason: string } }>("matchEnded")[0]!;
    assert.match(ended.outcome.reason, /FORFEIT/);
    assert.equal(view(room)!.seats[mySeat]!.botControlled, false, "ranked never hands the seat to a bot");
    await room.leave();
  });

  it("refuses guests at ranked tables", async () => {
    const guest = await makeUser("Guest", { guest: true });
    await assert.rejects(sdkClient(serverOf().url, guest).joinOrCreate("baloot_ranked"), /GUEST_NOT_ALLOWED/);
  });
});
