/** Setup: coin flip, shuffles, 7-card hands, mulligans, prizes, hidden placement, the reveal and turn 1. */
import { strict as assert } from "node:assert";
import { duel, initialEvents, newMatch, cardsOwned, type DuelState } from "../../../src/games/duel/index.js";
import { act, ofType, refused } from "./helpers.js";

const energy = (n: number): string[] => Array.from({ length: n }, () => "tide-energy");

/** Places the first basic of each hand as active and readies both seats. */
function readyBoth(state: DuelState): void {
  for (const seat of [0, 1]) {
    const basic = duel.legalActions(state, seat).find((a) => a.type === "setActive")!;
    act(state, seat, basic);
    act(state, seat, { type: "ready" });
  }
}

describe("duel setup", () => {
  it("deals 7 cards, sets 6 face-down prizes and leaves 27 in each deck; all 40 accounted for", () => {
    const state = newMatch("setup-1");
    for (const seat of [0, 1]) {
      const p = state.players[seat]!;
      const extra = ofType(state.opening, "extraDraw").find((e) => e.seat === seat)?.count ?? 0;
      assert.equal(p.hand.length, 7 + extra);
      assert.equal(p.prizes.length, 6);
      assert.equal(p.deck.length, 27 - extra);
      assert.equal(cardsOwned(state, seat), 40);
    }
    assert.equal(state.phase, "SETUP");
    assert.deepEqual(duel.activeSeats(state), [0, 1]);
  });

  it("the prize count is an option", () => {
    const state = newMatch("setup-2", { prizes: 3 });
    assert.equal(state.players[0]!.prizes.length, 3);
  });

  it("flips a seeded coin for the first player: same seed same result, both results occur", () => {
    const firsts = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const a = newMatch(`coin-${i}`);
      assert.equal(a.first, newMatch(`coin-${i}`).first);
      assert.deepEqual(ofType(initialEvents(a), "coinFlip"), [{ type: "coinFlip", first: a.first }]);
      firsts.add(a.first);
    }
    assert.deepEqual([...firsts].sort(), [0, 1]);
  });

  it("shuffles each deck from the seed: the same seed gives the same hands, another seed other hands", () => {
    assert.deepEqual(newMatch("same").players, newMatch("same").players);
    assert.notDeepEqual(newMatch("same").players[0]!.hand, newMatch("other").players[0]!.hand);
  });

  it("mulligan: a hand without a basic creature is revealed, shuffled back and redrawn; the opponent draws one extra card per extra mulligan", () => {
    // Seat 0's unshuffled deck has its only basic at the bottom, so its first hand has none.
    const deck0 = [...energy(39), "ashhound"];
    const state = newMatch("mull", { decks: [deck0, ["ashhound", ...energy(39)]], noShuffle: true });
    const p0 = state.players[0]!;
    const p1 = state.players[1]!;
    assert.ok(p0.mulligans >= 1);
    const mulligans = ofType(state.opening, "mulligan");
    assert.equal(mulligans.length, p0.mulligans);
    assert.deepEqual(mulligans[0]!.revealed, energy(7));
    assert.ok(p0.hand.includes("ashhound"));
    assert.equal(p0.hand.length, 7);
    assert.equal(p1.mulligans, 0);
    const bonus = Math.min(4, p0.mulligans);
    assert.equal(p1.hand.length, 7 + bonus);
    assert.deepEqual(ofType(state.opening, "extraDraw"), [{ type: "extraDraw", seat: 1, count: bonus }]);
    assert.equal(cardsOwned(state, 0), 40);
    assert.equal(cardsOwned(state, 1), 40);
  });

  it("opening hands are private: drawn cards go to their owner only, the count is public", () => {
    const events = initialEvents(newMatch("priv"));
    for (const e of ofType(events, "drawnCards")) {
      assert.ok(duel.eventVisibleTo(e, e.to));
      assert.ok(!duel.eventVisibleTo(e, 1 - e.to));
      assert.ok(!duel.eventVisibleTo(e, null));
    }
    assert.ok(ofType(events, "drew").every((e) => duel.eventVisibleTo(e, null)));
  });

  it("placement: active first (a basic from the hand), then up to 5 benched basics, then ready", () => {
    const state = newMatch("place", { decks: [["ashhound", "ashhound", "cindermole", "furnacemole", ...energy(36)], ["ashhound", ...energy(39)]], noShuffle: true });
    refused(state, 0, { type: "bench", card: "ashhound" }, "NO_ACTIVE");
    refused(state, 0, { type: "ready" }, "NO_ACTIVE");
    refused(state, 0, { type: "setActive", card: "furnacemole" }, "NOT_A_BASIC");
    refused(state, 0, { type: "setActive", card: "tide-energy" }, "NOT_A_BASIC");
    refused(state, 0, { type: "setActive", card: "sparkfinch" }, "CARD_NOT_IN_HAND");
    refused(state, 0, { type: "pass" }, "WRONG_PHASE");
    act(state, 0, { type: "setActive", card: "ashhound" });
    refused(state, 0, { type: "setActive", card: "cindermole" }, "ACTIVE_ALREADY_SET");
    act(state, 0, { type: "bench", card: "cindermole" });
    act(state, 0, { type: "ready" });
    // A ready seat has nothing more to do in setup.
    assert.deepEqual(duel.activeSeats(state), [1]);
    assert.deepEqual(duel.legalActions(state, 0), []);
    refused(state, 0, { type: "bench", card: "ashhound" }, "NOT_YOUR_TURN");
    refused(state, 0, { type: "ready" }, "NOT_YOUR_TURN");
  });

  it("placements stay hidden from the opponent and spectators until both are ready, then are revealed", () => {
    const state = newMatch("hide", { decks: [["ashhound", "cindermole", ...energy(38)], ["sparkfinch", ...energy(39)]], noShuffle: true, first: 1 });
    const placed = act(state, 0, { type: "setActive", card: "ashhound" });
    assert.ok(placed.every((e) => !duel.eventVisibleTo(e, 1) && !duel.eventVisibleTo(e, null)));
    act(state, 0, { type: "bench", card: "cindermole" });
    act(state, 0, { type: "ready" });
    for (const viewer of [1, null]) {
      const v = duel.view(state, viewer).players[0]!;
      assert.equal(v.active, null);
      assert.deepEqual(v.bench, []);
      assert.equal(v.placed, 2);
      assert.ok(v.hidden);
      assert.ok(!JSON.stringify(duel.view(state, viewer)).includes("cindermole"));
    }
    assert.equal(duel.view(state, 0).players[0]!.active!.card, "ashhound");
    act(state, 1, { type: "setActive", card: "sparkfinch" });
    const events = act(state, 1, { type: "ready" });
    assert.deepEqual(ofType(events, "revealed")[0]!.sides, [{ active: "ashhound", bench: ["cindermole"] }, { active: "sparkfinch", bench: [] }]);
    assert.equal(duel.view(state, 1).players[0]!.active!.card, "ashhound");
    // Turn 1 belongs to the coin-flip winner, who draws.
    assert.equal(state.phase, "MAIN");
    assert.equal(state.turn, 1);
    assert.equal(state.current, 1);
    assert.deepEqual(ofType(events, "turnStarted"), [{ type: "turnStarted", seat: 1, turn: 1 }]);
    assert.deepEqual(ofType(events, "drew"), [{ type: "drew", seat: 1, count: 1 }]);
  });

  it("a full opening through the public API reaches turn 1 with both sides in play", () => {
    const state = newMatch("open");
    readyBoth(state);
    assert.equal(state.phase, "MAIN");
    assert.equal(state.current, state.first);
    assert.ok(state.players.every((p) => p.active !== null));
  });
});
