/** §7 doubling: the Hokum chain, who may raise, open/closed choices, Sun eligibility; Gahwa ends the match. */
import { strict as assert } from "node:assert";
import { baloot, type BalootOptions } from "../../../src/games/baloot/index.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { streamFor } from "../../../src/games/core/rng.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
const deck = stackDeck(3, HANDS, "7H", 0);

function hokum(overrides: ProfileOverrides = {}, extra: BalootOptions = {}) {
  const t = table({ deck, dealer: 3, overrides, ...extra });
  t.act(0, bid("HOKUM"));
  t.act(1, PASS);
  t.act(2, PASS);
  t.act(3, PASS);
  t.act(0, { type: "confirm", choice: "HOKUM" });
  return t;
}
function sun(scores: [number, number], overrides: ProfileOverrides = {}) {
  const t = table({ deck, dealer: 3, scores, overrides });
  t.act(0, bid("SUN"));
  return t;
}
const types = (t: ReturnType<typeof table>, seat: number): string[] => baloot.legalActions(t.state, seat).map((a) => JSON.stringify(a));

describe("baloot doubling (§7)", () => {
  it("opponents are asked buyer's right first, then buyer's left; both skip → play", () => {
    const t = hokum();
    assert.equal(t.state.phase, "DOUBLING");
    assert.equal(t.state.turn, 1);
    assert.throws(() => t.act(3, SKIP), { code: "NOT_YOUR_TURN" });
    t.act(1, SKIP);
    assert.equal(t.state.turn, 3);
    t.act(3, SKIP);
    assert.equal(t.state.phase, "PLAYING");
    assert.equal(t.state.turn, 0);
    assert.equal(t.state.hand.level, 1);
  });

  it("Double (doubler chooses closed) → Three by the buyer (open) → Four by the doubler (closed) → Gahwa by the buyer", () => {
    const t = hokum();
    t.act(1, SKIP);
    assert.deepEqual(types(t, 3), [JSON.stringify({ type: "double", closed: false }), JSON.stringify({ type: "double", closed: true }), JSON.stringify(SKIP)]);
    t.act(3, { type: "double", closed: true });
    assert.equal(t.state.hand.level, 2);
    assert.equal(t.state.hand.closed, true);
    assert.equal(t.state.hand.doubler, 3);
    assert.equal(t.state.turn, 0);
    // Three is always open (TRIPLE: OPEN): no closed field accepted.
    assert.throws(() => t.act(0, { type: "triple", closed: true }), { code: "CLOSED_NOT_YOURS" });
    assert.throws(() => t.act(0, { type: "four" }), { code: "NOT_YOUR_CALL" });
    t.act(0, { type: "triple" });
    assert.equal(t.state.hand.level, 3);
    assert.equal(t.state.hand.closed, false); // a Three re-opens
    assert.equal(t.state.turn, 3); // only the doubler may Four
    t.act(3, { type: "four", closed: true });
    assert.equal(t.state.hand.closed, true);
    assert.equal(t.state.turn, 0);
    t.act(0, { type: "gahwa" });
    assert.equal(t.state.hand.gahwa, true);
    assert.equal(t.state.hand.lastRaiser, 0);
    assert.equal(t.state.phase, "PLAYING");
  });

  it("raisers BUYER_AND_DOUBLER: the buyer's partner is never asked; TEAMS: he is asked after the buyer", () => {
    const t = hokum();
    t.act(1, { type: "double" });
    t.act(0, SKIP);
    assert.equal(t.state.phase, "PLAYING");
    const t2 = hokum({ doubling: { raisers: "TEAMS" } as never });
    t2.act(1, { type: "double" });
    t2.act(0, SKIP);
    assert.equal(t2.state.turn, 2);
    t2.act(2, { type: "triple" });
    assert.equal(t2.state.hand.lastRaiser, 2);
    assert.equal(t2.state.hand.level, 3);
  });

  it("closed choice by someone other than the raiser (BUYER_CHOICE): a separate setClosed step", () => {
    const t = hokum({ doubling: { closed: { DOUBLE: "BUYER_CHOICE", TRIPLE: "OPEN", FOUR: "DOUBLER_CHOICE", GAHWA: "OPEN" } } as never });
    t.act(1, { type: "double" });
    assert.equal(t.state.turn, 0);
    assert.deepEqual(types(t, 0), [JSON.stringify({ type: "setClosed", closed: false }), JSON.stringify({ type: "setClosed", closed: true })]);
    t.act(0, { type: "setClosed", closed: true });
    assert.equal(t.state.hand.closed, true);
    assert.equal(t.state.turn, 0); // now asked for Three
    assert.equal(t.state.hand.dbl.step, "TRIPLE");
  });

  it("closed policies CLOSED and RAISER_CHOICE", () => {
    const t = hokum({ doubling: { closed: { DOUBLE: "CLOSED", TRIPLE: "RAISER_CHOICE", FOUR: "OPEN", GAHWA: "OPEN" } } as never });
    t.act(1, { type: "double" });
    assert.equal(t.state.hand.closed, true);
    assert.deepEqual(types(t, 0), [JSON.stringify({ type: "triple", closed: false }), JSON.stringify({ type: "triple", closed: true }), JSON.stringify(SKIP)]);
    t.act(0, { type: "triple", closed: true });
    assert.equal(t.state.hand.closed, true);
    t.act(1, { type: "four" });
    assert.equal(t.state.hand.closed, false);
  });

  it("Sun: doubling only when the doubling team has ≤ 100 and the buyer's team > 100; only Double", () => {
    assert.equal(sun([0, 0]).state.phase, "PLAYING");
    assert.equal(sun([101, 100]).state.phase, "DOUBLING");
    assert.equal(sun([100, 50]).state.phase, "PLAYING");
    assert.equal(sun([120, 101]).state.phase, "PLAYING");
    const t = sun([101, 100]);
    assert.deepEqual(types(t, 1), [JSON.stringify({ type: "double" }), JSON.stringify(SKIP)]);
    assert.throws(() => t.act(1, { type: "double", closed: true }), { code: "CLOSED_NOT_YOURS" });
    t.act(1, { type: "double" });
    assert.equal(t.state.hand.level, 2);
    assert.equal(t.state.phase, "PLAYING"); // no Three in Sun
  });

  it("Sun eligibility variant BUYER_GE_100_AND_DOUBLER_LT_100", () => {
    const o = { doubling: { sunEligibility: "BUYER_GE_100_AND_DOUBLER_LT_100" } as never };
    assert.equal(sun([100, 99], o).state.phase, "DOUBLING");
    assert.equal(sun([100, 100], o).state.phase, "PLAYING");
  });

  it("Gahwa: the hand's winner wins the match at once", () => {
    const t = hokum();
    t.act(1, { type: "double" });
    t.act(0, { type: "triple" });
    t.act(1, { type: "four" });
    t.act(0, { type: "gahwa" });
    t.play("AS", "QS", "KH", "KS");
    // Seat 2 won with KH; play the rest with whatever the bot says (all legal).
    while (t.state.phase === "PLAYING") t.act(t.state.turn, botTurn(baloot, t.state, t.state.turn, null, streamFor("bot")).action);
    assert.equal(t.state.phase, "OVER");
    const o = baloot.outcome(t.state)!;
    assert.equal(o.reason, "GAHWA");
    assert.equal(o.winnerTeam, t.sheet().winnerTeam);
  });
});
