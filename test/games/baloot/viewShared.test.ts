/**
 * `view(state, seat)` shares the views of a hand's finished records (completed tricks, bids,
 * raises) between calls instead of re-making them: its output must stay exactly what the view
 * built before (viewReference.ts), field for field and in key order, for spectators and every
 * seat, at every step of random matches, and must follow a state edited in place.
 */
import { strict as assert } from "node:assert";
import { baloot, newMatch, randomBot, type BalootOptions, type BalootState } from "../../../src/games/baloot/index.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { referenceView } from "./viewReference.js";

function sameAsReference(state: BalootState, seat: number | null): void {
  const got = baloot.view(state, seat);
  const expected = referenceView(state, seat);
  assert.deepStrictEqual(got, expected);
  // Same text too: key order is what a client receiving JSON sees.
  assert.equal(JSON.stringify(got), JSON.stringify(expected));
}

describe("baloot view with shared finished records", () => {
  it("equals the view built from scratch for a spectator and every seat at every step (3 profiles × 2 matches)", () => {
    let steps = 0;
    let raised = 0;
    for (const options of [{}, { profile: "KAMMELNA_LIKE" }, { overrides: { doubling: { closed: { DOUBLE: "CLOSED", TRIPLE: "CLOSED", FOUR: "CLOSED", GAHWA: "CLOSED" } } } }] as BalootOptions[]) {
      for (let m = 0; m < 2; m++) {
        const r = createRng(seedState(`view-shared-${m}`));
        const { state } = newMatch(`view-shared-${m}`, options);
        while (state.phase !== "OVER") {
          sameAsReference(state, null);
          for (let seat = 0; seat < 4; seat++) sameAsReference(state, seat);
          if (state.hand.raises.length > 0) raised++;
          steps++;
          baloot.apply(state, state.turn, randomBot(state, state.turn, r));
        }
        sameAsReference(state, null);
      }
    }
    assert.ok(steps > 600 && raised > 0, `${steps} steps, ${raised} with raises`);
  });

  it("follows a state edited in place (a trick, a bid or a raise changed after it was viewed), and clones", () => {
    const r = createRng(seedState("view-shared-edit"));
    const { state } = newMatch("view-shared-edit", {});
    while (state.phase !== "OVER" && state.hand.tricks.length < 3) baloot.apply(state, state.turn, randomBot(state, state.turn, r));
    assert.equal(state.hand.tricks.length, 3);
    sameAsReference(state, null);
    const t = state.hand.tricks[1]!;
    t.winner = (t.winner + 1) & 3;
    sameAsReference(state, null);
    t.cards[2] = t.cards[2]! ^ 1;
    sameAsReference(state, 0);
    state.hand.tricks[0] = { ...state.hand.tricks[0]!, points: 99 };
    sameAsReference(state, 1);
    state.hand.tricks.pop();
    sameAsReference(state, 2);
    state.hand.bidding.history[0]!.call = "PASS";
    state.hand.bidding.history[0]!.suit = 2;
    sameAsReference(state, 3);
    state.hand.raises.push({ seat: 1, level: 2, closed: false });
    sameAsReference(state, null);
    state.hand.raises[0]!.closed = true;
    sameAsReference(state, null);
    const copy = baloot.clone(state);
    sameAsReference(copy, 0);
    assert.deepStrictEqual(baloot.view(copy, 0), baloot.view(state, 0));
  });

  it("its shared parts are frozen: a reader cannot change what the next view shows", () => {
    const r = createRng(seedState("view-shared-frozen"));
    const { state } = newMatch("view-shared-frozen", {});
    while (state.phase !== "OVER" && state.hand.tricks.length < 2) baloot.apply(state, state.turn, randomBot(state, state.turn, r));
    const v = baloot.view(state, null);
    assert.ok(Object.isFrozen(v.tricks[0]) && Object.isFrozen(v.tricks[0]!.cards) && Object.isFrozen(v.tricks[0]!.cards[0]));
    assert.ok(Object.isFrozen(v.bidding.history[0]));
    assert.throws(() => {
      (v.tricks[0] as { winner: number }).winner = 9;
    }, TypeError);
    // The lists themselves are the caller's.
    v.tricks.pop();
    assert.equal(baloot.view(state, null).tricks.length, 2);
  });
});
