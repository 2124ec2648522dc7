import assert from "node:assert/strict";
import { baloot, initialEvents } from "../../src/games/baloot/index.js";
import { botTurn } from "../../src/games/core/GameDefinition.js";
import { streamFor } from "../../src/games/core/rng.js";
import { replay, verifyDeals, type StoredEntry } from "../../src/services/replay.js";

describe("replay service", () => {
  it("re-runs a ranked forfeit logged as a timeout entry without an action", () => {
    const seed = "0f".repeat(16);
    let state = baloot.setup({ seed, seats: 4, options: {} });
    const entries: StoredEntry[] = [{ seq: 1, at: new Date(), seat: null, source: "room", action: null, events: initialEvents(state) }];
    for (let i = 0; i < 30; i++) {
      const seat = baloot.activeSeats(state)[0]!;
      const action = botTurn(baloot, state, seat, null, streamFor("bot")).action as unknown as Record<string, unknown>;
      const r = baloot.apply(state, seat, action);
      state = r.state;
      entries.push({ seq: entries.length + 1, at: new Date(), seat, source: "bot", action, events: r.events });
    }
    // A bot takeover note from the room changes nothing in the game.
    entries.push({ seq: entries.length + 1, at: new Date(), seat: 1, source: "room", action: null, events: [{ type: "botTakeover", seat: 1, room: true }] });
    const seat = baloot.activeSeats(state)[0]!;
    const f = baloot.forfeit(state, seat & 1, "timeouts");
    entries.push({ seq: entries.length + 1, at: new Date(), seat, source: "timeout", action: null, events: f.events });
    const expected = baloot.outcome(f.state);
    assert.ok(expected, "forfeit ends the match");

    const again = replay(baloot, { seed, seats: 4, options: {}, entries });
    assert.deepEqual(again.outcome, expected);
    assert.equal(verifyDeals("baloot", seed, {}, entries).ok, true);
    assert.equal(verifyDeals("chess", seed, {}, entries).supported, false);
  });
});
