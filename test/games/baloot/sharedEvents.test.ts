/**
 * `play` and `bid` events are shared frozen objects (play.ts PLAY_EVENTS, bidding.ts BID_EVENTS),
 * picked by index: each must be exactly the event a fresh literal would be (same fields, same field
 * order, so the same JSON), for every seat, card, Akka/Baloot flag, round, call and suit met in play.
 */
import { strict as assert } from "node:assert";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { baloot, type BalootOptions } from "../../../src/games/baloot/index.js";
import { SUITS } from "../../../src/games/baloot/cards.js";

const PROFILES: BalootOptions[] = [{}, { profile: "KAMMELNA_LIKE" }, { overrides: { projects: { balootAnnounce: "FIRST_CARD" } } as never }];

describe("baloot shared play and bid events", function () {
  this.timeout(60_000);

  it("equal the event built from the action (play) or the bid record (bid), field order included, and are frozen", () => {
    const seen = new Set<string>();
    for (const [i, options] of PROFILES.entries()) {
      const r = createRng(seedState(`shared-events-${i}`));
      for (let m = 0; m < 40; m++) {
        const state = baloot.setup({ seed: `se-${i}-${m}`, seats: 4, options });
        while (state.phase !== "OVER") {
          const seat = state.turn;
          const actions = baloot.legalActions(state, seat);
          // Prefer the rarer Akka / Baloot plays when listed, so every variant is met.
          const flagged = actions.filter((a) => a.type === "play" && (a.akka === true || a.baloot === true));
          const action = flagged.length > 0 && r.int(2) === 0 ? flagged[r.int(flagged.length)]! : actions[r.int(actions.length)]!;
          const { events } = baloot.apply(state, seat, action);
          for (const e of events) {
            if (e.type === "play") {
              assert.equal(action.type, "play");
              const expected: Record<string, unknown> = { type: "play", seat, card: (action as { card: string }).card };
              if ((action as { akka?: true }).akka) expected.akka = true;
              if ((action as { baloot?: true }).baloot) expected.baloot = true;
              assert.equal(JSON.stringify(e), JSON.stringify(expected));
              assert.ok(Object.isFrozen(e));
              seen.add(`play:${Object.keys(e).length}`);
            } else if (e.type === "bid") {
              const rec = state.hand.bidding.history.at(-1);
              // A bid that ends the auction starts the next hand or play: check against the event alone then.
              if (rec !== undefined && rec.seat === seat) {
                const expected: Record<string, unknown> = { type: "bid", seat: rec.seat, round: rec.round, call: rec.call };
                if (rec.suit >= 0) expected.suit = SUITS[rec.suit];
                assert.equal(JSON.stringify(e), JSON.stringify(expected));
              }
              assert.equal(e.seat, seat);
              assert.ok(Object.isFrozen(e));
              seen.add(`bid:${e.round}:${e.call}`);
            }
          }
        }
      }
    }
    // Plain, Akka and Baloot plays, and both rounds' calls, were all met.
    for (const k of ["play:3", "play:4", "bid:1:PASS", "bid:2:PASS", "bid:1:HOKUM", "bid:2:HOKUM", "bid:1:SUN"]) assert.ok(seen.has(k), k);
  });
});
