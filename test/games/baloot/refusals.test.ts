/** Refusal codes: NOT_YOUR_TURN (your turn may still come) vs NOT_YOUR_CALL (the rules never give you this call here). */
import { strict as assert } from "node:assert";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

// Dealer 3: speaking order 0, 1, 2, 3; Ashkal seats 2 (D+3) and 3 (D); teams {0,2} vs {1,3}.
const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
const deck = stackDeck(3, HANDS, "7H", 0);

/** Seat 0 buys Hokum in hearts; the doubling window opens at seat 1 (buyer's right). */
function hokum(overrides: ProfileOverrides = {}) {
  const t = table({ deck, dealer: 3, overrides });
  t.act(0, bid("HOKUM"));
  t.act(1, PASS);
  t.act(2, PASS);
  t.act(3, PASS);
  t.act(0, { type: "confirm", choice: "HOKUM" });
  return t;
}

describe("baloot refusals: NOT_YOUR_TURN vs NOT_YOUR_CALL", () => {
  it("§7.2 a Double by the buyer's team is NOT_YOUR_CALL; by the other opponent before his turn NOT_YOUR_TURN", () => {
    const t = hokum();
    assert.equal(t.state.turn, 1);
    assert.throws(() => t.act(2, { type: "double" }), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(0, { type: "double" }), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(3, { type: "double" }), { code: "NOT_YOUR_TURN" });
  });

  it("§7.2 Three and Gahwa belong to the buyer, Four to the doubler (BUYER_AND_DOUBLER)", () => {
    const t = hokum();
    t.act(1, SKIP);
    t.act(3, { type: "double" });
    assert.equal(t.state.turn, 0);
    assert.throws(() => t.act(2, { type: "triple" }), { code: "NOT_YOUR_CALL" }); // buyer's partner
    assert.throws(() => t.act(1, { type: "triple" }), { code: "NOT_YOUR_CALL" });
    t.act(0, { type: "triple" });
    assert.equal(t.state.turn, 3);
    assert.throws(() => t.act(1, { type: "four" }), { code: "NOT_YOUR_CALL" }); // doubler's partner
    assert.throws(() => t.act(0, { type: "four" }), { code: "NOT_YOUR_CALL" });
  });

  it("§7.2 raisers TEAMS: the partners may raise too, so only the turn refuses them", () => {
    const t = hokum({ doubling: { raisers: "TEAMS" } as never });
    t.act(1, SKIP);
    t.act(3, { type: "double" });
    assert.throws(() => t.act(2, { type: "triple" }), { code: "NOT_YOUR_TURN" });
    assert.throws(() => t.act(1, { type: "triple" }), { code: "NOT_YOUR_CALL" });
  });

  it("§6.5 Ashkal by a seat that is not an Ashkal seat is NOT_YOUR_CALL; by an eligible seat before its turn NOT_YOUR_TURN", () => {
    const t = table({ deck, dealer: 3 });
    assert.throws(() => t.act(1, bid("ASHKAL")), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(2, bid("ASHKAL")), { code: "NOT_YOUR_TURN" });
    // Over the partner's Hokum, Ashkal is never the caller's answer.
    t.act(0, bid("HOKUM"));
    assert.throws(() => t.act(2, bid("ASHKAL")), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(3, bid("ASHKAL")), { code: "NOT_YOUR_TURN" });
  });

  it("§6.3 only the Hokum bidder confirms or converts", () => {
    const t = table({ deck, dealer: 3 });
    t.act(0, bid("HOKUM"));
    assert.throws(() => t.act(2, { type: "confirm", choice: "HOKUM" }), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(0, { type: "confirm", choice: "HOKUM" }), { code: "NOT_YOUR_TURN" });
  });

  it("§6.4 'before you' is offered only to the seats in its window", () => {
    const t = table({ deck, dealer: 3 });
    t.act(0, PASS);
    t.act(1, PASS);
    t.act(2, bid("SUN"));
    assert.equal(t.state.hand.bidding.mode, "BEFORE_YOU");
    assert.throws(() => t.act(0, bid("SUN")), { code: "NOT_YOUR_CALL" }); // the bidder's partner
    t.act(1, PASS);
    assert.equal(t.state.hand.contract!.buyer, 2);
  });

  it("a refusal changes nothing", () => {
    const t = hokum();
    const before = JSON.stringify(t.state);
    assert.throws(() => t.act(2, { type: "double" }), { code: "NOT_YOUR_CALL" });
    assert.throws(() => t.act(3, { type: "double" }), { code: "NOT_YOUR_TURN" });
    assert.equal(JSON.stringify(t.state), before);
  });
});
