/**
 * The public legalActions is built straight as public actions during play (publicActions.ts); it
 * must stay exactly `legalMoves(...).map(toAction)`, in the same order, in every phase and profile,
 * and every listed action must be accepted by apply.
 */
import { strict as assert } from "node:assert";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { baloot, legalMoves, toAction, type BalootOptions } from "../../../src/games/baloot/index.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";

// Every play flag flipped, Baloot announced with the first card, closed Hokum possible.
const VARIANT: ProfileOverrides = {
  doubling: { closed: { DOUBLE: "CLOSED", TRIPLE: "CLOSED", FOUR: "CLOSED", GAHWA: "CLOSED" } } as never,
  play: { partnerExemption: "ANY", undertrump: "MUST", trumpLedBeatPartner: true } as never,
  projects: { balootAnnounce: "FIRST_CARD", oneCardOneProject: false, maxPerPlayer: 0 } as never,
};
const PROFILES: BalootOptions[] = [{}, { profile: "KAMMELNA_LIKE" }, { overrides: VARIANT }];

describe("baloot public legalActions", function () {
  this.timeout(60_000);

  it("equals legalMoves → toAction at every step of random matches (three profiles), and apply accepts every entry", () => {
    let steps = 0;
    let playing = 0;
    for (const [i, options] of PROFILES.entries()) {
      const r = createRng(seedState(`legal-actions-${i}`));
      for (let m = 0; m < 25; m++) {
        const state = baloot.setup({ seed: `la-${i}-${m}`, seats: 4, options });
        while (state.phase !== "OVER") {
          const seat = state.turn;
          const actions = baloot.legalActions(state, seat);
          assert.deepEqual(actions, legalMoves(state, seat).map(toAction));
          // The auction's and the doubling window's entries are shared frozen actions (README).
          if (state.phase === "BIDDING" || state.phase === "DOUBLING") for (const a of actions) assert.ok(Object.isFrozen(a), JSON.stringify(a));
          // Other seats have nothing to do.
          assert.deepEqual(baloot.legalActions(state, (seat + 1) & 3), []);
          if (state.phase === "PLAYING") playing++;
          // Every entry is accepted (checked on a copy for a few of them).
          if (steps % 7 === 0) for (const a of actions) baloot.apply(baloot.clone(state), seat, a);
          baloot.apply(state, seat, actions[r.int(actions.length)]!);
          steps++;
        }
      }
    }
    assert.ok(playing > 5000, `${playing} play steps`);
  });
});
