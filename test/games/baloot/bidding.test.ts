/** §6 bidding: both rounds, Hokum answers and confirm, before-you policies, Ashkal flags, Ace rule, all-pass, Kawesh. */
import { strict as assert } from "node:assert";
import { baloot, type BalootAction, type BalootOptions } from "../../../src/games/baloot/index.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";
import { PASS, bid, table } from "./helpers.js";

// Dealer 3: speaking order 0, 1, 2, 3. Ashkal seats: D+3 = 2 and D = 3. Teams {0,2} vs {1,3}.
const HANDS5 = ["7S 8S 9S 10S JS", "QS KS AS 7H 8H", "9H 10H JH QH KH", "7D 8D 9D 10D JD"];
function opts(faceUp = "AH", overrides: ProfileOverrides = {}, extra: BalootOptions = {}): BalootOptions {
  return { dealer: 3, hands: HANDS5, faceUp: faceUp, overrides, ...extra };
}
const bidding = (faceUp?: string, o?: ProfileOverrides): ReturnType<typeof table> => table(opts(faceUp ?? "QD", o));
function legalBids(t: ReturnType<typeof table>, seat: number): string[] {
  return legalOf(t, seat).map((a) => JSON.stringify(a));
}
function legalOf(t: ReturnType<typeof table>, seat: number): BalootAction[] {
  return baloot.legalActions(t.state, seat);
}

describe("baloot bidding (§6)", () => {
  it("round 1: Hokum only in the face-up suit; Sun ends the auction; D+1 speaks first", () => {
    const t = bidding();
    assert.equal(t.state.turn, 0);
    assert.throws(() => t.act(0, bid("HOKUM", "S")), { code: "ILLEGAL_BID" });
    t.act(0, bid("HOKUM", "D")); // naming the face-up suit is accepted
    assert.equal(t.state.hand.bidding.mode, "HOKUM_RESPONSE");
    assert.equal(t.state.turn, 1);
    // Nobody may bid a second Hokum.
    assert.throws(() => t.act(1, bid("HOKUM")), { code: "ILLEGAL_BID" });
    t.act(1, bid("SUN"));
    assert.equal(t.state.hand.contract!.kind, "SUN");
    assert.equal(t.state.hand.contract!.buyer, 1);
  });

  it("after a Hokum the other three answer from the bidder's right, then the bidder confirms or converts", () => {
    const t = bidding();
    t.act(0, PASS);
    t.act(1, bid("HOKUM"));
    assert.deepEqual(t.state.hand.bidding.queue, [2, 3, 0]);
    t.act(2, PASS);
    t.act(3, PASS);
    t.act(0, PASS); // seat 0 already passed and is asked again
    assert.equal(t.state.hand.bidding.mode, "HOKUM_CONFIRM");
    assert.equal(t.state.turn, 1);
    t.act(1, { type: "confirm", choice: "SUN" });
    assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 1, ashkal: false, faceUpTo: 1 });
  });

  it("hokumFinalChoice=false: the Hokum stands after three passes", () => {
    const t = bidding("QD", { bidding: { hokumFinalChoice: false } as never });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    assert.equal(t.state.hand.contract!.kind, "HOKUM");
    assert.equal(t.state.hand.contract!.trump, 2);
    assert.equal(t.state.phase, "DOUBLING");
  });

  it("before you (OPPONENTS_WHO_PASSED): an earlier-passing opponent may take the Sun", () => {
    const t = bidding();
    t.act(0, PASS);
    t.act(1, PASS);
    t.act(2, bid("SUN"));
    // Seat 0 is the bidder's partner: only seat 1 is offered.
    assert.equal(t.state.hand.bidding.mode, "BEFORE_YOU");
    assert.deepEqual(t.state.hand.bidding.queue, [1]);
    t.act(1, bid("SUN"));
    assert.equal(t.state.hand.contract!.buyer, 1);
    assert.equal(t.last("bid")!.call, "BEFORE_YOU");
  });

  it("before you declined: the Sun bidder keeps it", () => {
    const t = bidding();
    t.act(0, PASS);
    t.act(1, PASS);
    t.act(2, bid("SUN"));
    t.act(1, PASS);
    assert.equal(t.state.hand.contract!.buyer, 2);
  });

  it("before you (UNPASSED_HIGHER_PRIORITY): the earlier Hokum bidder gets the window, passers do not", () => {
    const t = bidding("QD", { bidding: { beforeYou: "UNPASSED_HIGHER_PRIORITY" } as never });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, bid("SUN"));
    assert.deepEqual(t.state.hand.bidding.queue, [0]);
    t.act(0, bid("SUN"));
    assert.equal(t.state.hand.contract!.buyer, 0);
    assert.equal(t.state.hand.contract!.kind, "SUN");
  });

  it("before you NONE: the first Sun wins", () => {
    const t = bidding("QD", { bidding: { beforeYou: "NONE" } as never });
    t.act(0, PASS);
    t.act(1, PASS);
    t.act(2, bid("SUN"));
    assert.equal(t.state.hand.contract!.buyer, 2);
  });

  it("Ashkal: only D+3 and D; Sun for the caller, face-up card to his partner", () => {
    const t = bidding("QD", { bidding: { beforeYou: "NONE" } as never });
    assert.throws(() => t.act(0, bid("ASHKAL")), { code: "NOT_YOUR_CALL" });
    t.act(0, PASS);
    assert.throws(() => t.act(1, bid("ASHKAL")), { code: "NOT_YOUR_CALL" });
    t.act(1, PASS);
    t.act(2, bid("ASHKAL"));
    assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 2, ashkal: true, faceUpTo: 0 });
    // Seat 0 got the face-up card + 2, the caller 3 (§5.2).
    const completed = t.events.filter((e) => e.type === "completed") as { to: number; cards: string[] }[];
    assert.equal(completed.find((e) => e.to === 0)!.cards.length, 3);
    assert.ok(completed.find((e) => e.to === 0)!.cards.includes("QD"));
    assert.equal(completed.find((e) => e.to === 2)!.cards.length, 3);
    assert.ok(!completed.find((e) => e.to === 2)!.cards.includes("QD"));
  });

  it("ashkalOnOwnTurn=false (REG 8-1): Ashkal only as an answer to the opponents' Hokum", () => {
    const t = bidding("QD", { bidding: { ashkalOnOwnTurn: false } as never });
    t.act(0, PASS);
    t.act(1, bid("HOKUM"));
    assert.ok(legalBids(t, 2).includes(JSON.stringify(bid("ASHKAL"))));
    const t2 = bidding("QD", { bidding: { ashkalOnOwnTurn: false } as never });
    t2.act(0, PASS);
    t2.act(1, PASS);
    assert.throws(() => t2.act(2, bid("ASHKAL")), { code: "ILLEGAL_BID" });
  });

  it("Ashkal is not offered over the partner's Hokum, nor over an opponent's when ashkalOverOpponentHokum=false", () => {
    const t = bidding();
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    assert.ok(!legalBids(t, 2).includes(JSON.stringify(bid("ASHKAL")))); // partner of seat 0
    const t2 = bidding("QD", { bidding: { ashkalOverOpponentHokum: false } as never });
    t2.act(0, PASS);
    t2.act(1, bid("HOKUM"));
    assert.ok(!legalBids(t2, 2).includes(JSON.stringify(bid("ASHKAL"))));
  });

  it("round 2: Hokum in any suit but the face-up suit; a wala blocks a later Ashkal (REG 8-2)", () => {
    const t = bidding();
    for (const s of [0, 1, 2, 3]) t.act(s, PASS);
    assert.equal(t.state.hand.bidding.round, 2);
    assert.equal(t.state.turn, 0);
    t.act(0, PASS);
    t.act(1, PASS);
    t.act(2, PASS);
    assert.throws(() => t.act(3, bid("HOKUM", "D")), { code: "ILLEGAL_BID" });
    assert.throws(() => t.act(3, bid("HOKUM")), { code: "ILLEGAL_BID" });
    t.act(3, bid("HOKUM", "S"));
    t.act(0, PASS);
    t.act(1, PASS);
    assert.ok(!legalBids(t, 2).includes(JSON.stringify(bid("ASHKAL"))));
    const t2 = bidding("QD", { bidding: { ashkalBlockedAfterWala: false } as never });
    for (const s of [0, 1, 2, 3, 0, 1, 2]) t2.act(s, PASS);
    t2.act(3, bid("HOKUM", "S"));
    t2.act(0, PASS);
    t2.act(1, PASS);
    assert.ok(legalBids(t2, 2).includes(JSON.stringify(bid("ASHKAL"))));
    t2.act(2, bid("ASHKAL"));
    // Ashkal is a Sun: seat 1 (opponent, passed earlier) is offered "before you" first.
    assert.equal(t2.state.hand.bidding.mode, "BEFORE_YOU");
    t2.act(1, PASS);
    assert.equal(t2.state.hand.contract!.faceUpTo, 0);
  });

  describe("face-up Ace (§6.5, §6.6)", () => {
    it("§6.6 a standing Hokum goes to Sun only through D+1 — Sun answers and the bidder's own convert", () => {
      const t = bidding("AD");
      t.act(0, PASS);
      t.act(1, bid("HOKUM"));
      assert.throws(() => t.act(2, bid("SUN")), { code: "ILLEGAL_BID" });
      t.act(2, PASS);
      t.act(3, PASS);
      t.act(0, PASS);
      assert.throws(() => t.act(1, { type: "confirm", choice: "SUN" }), { code: "ILLEGAL_BID" });
      t.act(1, { type: "confirm", choice: "HOKUM" });
      assert.equal(t.state.hand.contract!.kind, "HOKUM");
      const t2 = bidding("AD");
      t2.act(0, PASS);
      t2.act(1, bid("HOKUM"));
      t2.act(2, PASS);
      t2.act(3, PASS);
      t2.act(0, bid("SUN")); // D+1 may take it
      assert.equal(t2.state.hand.contract!.buyer, 0);
    });

    it("§6.6 a plain Sun on one's own turn is unaffected by the Ace", () => {
      const t = bidding("AD");
      t.act(0, PASS);
      t.act(1, PASS);
      t.act(2, bid("SUN"));
      t.act(1, PASS); // "before you" declined
      assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 2, ashkal: false, faceUpTo: 2 });
    });

    it("§6.6 aceFaceUpSunOnlyDealerRight=false: anyone may take the Hokum to Sun", () => {
      const t = bidding("AD", { bidding: { aceFaceUpSunOnlyDealerRight: false } as never });
      t.act(0, PASS);
      t.act(1, bid("HOKUM"));
      t.act(2, bid("SUN"));
      assert.equal(t.state.hand.contract!.buyer, 2);
    });

    it("§6.5 round 1: an eligible opponent may still answer the Hokum with Ashkal", () => {
      const t = bidding("AD");
      t.act(0, PASS);
      t.act(1, bid("HOKUM"));
      assert.ok(legalBids(t, 2).includes(JSON.stringify(bid("ASHKAL"))));
      t.act(2, bid("ASHKAL"));
      assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 2, ashkal: true, faceUpTo: 0 });
    });

    it("§6.5 round 1: the dealer answers the Hokum of D+1 with Ashkal; no 'before you' for a seat the Ace rule bars", () => {
      const t = bidding("AD");
      t.act(0, bid("HOKUM"));
      t.act(1, PASS);
      // Seat 2 is the bidder's partner: Ashkal over one's own team's Hokum is not offered.
      assert.ok(!legalBids(t, 2).includes(JSON.stringify(bid("ASHKAL"))));
      t.act(2, PASS);
      t.act(3, bid("ASHKAL"));
      // Seat 2 passed earlier and is an opponent of seat 3, but only D+1 may take a Hokum to Sun.
      assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 3, ashkal: true, faceUpTo: 1 });
    });

    it("§6.4/§6.6 'before you' over an Ashkal that took the Hokum stays open to D+1 (UNPASSED_HIGHER_PRIORITY)", () => {
      const t = bidding("AD", { bidding: { beforeYou: "UNPASSED_HIGHER_PRIORITY" } as never });
      t.act(0, bid("HOKUM"));
      t.act(1, PASS);
      t.act(2, PASS);
      t.act(3, bid("ASHKAL"));
      assert.deepEqual(t.state.hand.bidding.queue, [0]);
      t.act(0, bid("BEFORE_YOU"));
      assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 0, ashkal: false, faceUpTo: 0 });
    });

    it("§6.5 round 2: an eligible opponent may answer a Hokum with Ashkal, whatever ashkalForbiddenOnAceFaceUp says", () => {
      for (const forbidden of [false, true]) {
        const t = bidding("AD", { bidding: { ashkalForbiddenOnAceFaceUp: forbidden } as never });
        for (let i = 0; i < 4; i++) t.act(t.state.turn, PASS);
        assert.equal(t.state.hand.bidding.round, 2);
        t.act(0, PASS);
        t.act(1, bid("HOKUM", "H"));
        t.act(2, bid("ASHKAL"));
        assert.deepEqual(t.state.hand.contract, { kind: "SUN", trump: -1, buyer: 2, ashkal: true, faceUpTo: 0 }, `forbidden=${forbidden}`);
      }
    });

    it("§6.5 round 1: ashkalForbiddenOnAceFaceUp=true still allows Ashkal over the opponents' Hokum", () => {
      const t = bidding("AD", { bidding: { ashkalForbiddenOnAceFaceUp: true } as never });
      t.act(0, PASS);
      t.act(1, bid("HOKUM"));
      t.act(2, bid("ASHKAL"));
      assert.equal(t.state.hand.contract!.ashkal, true);
    });

    it("§6.5 ashkalForbiddenOnAceFaceUp governs an Ashkal on one's own turn, in both rounds", () => {
      const t = bidding("AD", { bidding: { ashkalForbiddenOnAceFaceUp: true } as never });
      t.act(0, PASS);
      t.act(1, PASS);
      assert.throws(() => t.act(2, bid("ASHKAL")), { code: "ILLEGAL_BID" });
      t.act(2, PASS);
      assert.throws(() => t.act(3, bid("ASHKAL")), { code: "ILLEGAL_BID" });
      t.act(3, PASS);
      t.act(0, PASS);
      t.act(1, PASS);
      assert.throws(() => t.act(2, bid("ASHKAL")), { code: "ILLEGAL_BID" });
      // Default (false): allowed on one's own turn.
      const t2 = bidding("AD");
      t2.act(0, PASS);
      t2.act(1, PASS);
      t2.act(2, bid("ASHKAL"));
      t2.act(1, PASS); // before you declined
      assert.equal(t2.state.hand.contract!.ashkal, true);
    });

    it("§6.5 REG 8-2: a wala in round 2 still blocks a later Ashkal over a Hokum with an Ace face up", () => {
      const t = bidding("AD");
      for (let i = 0; i < 4; i++) t.act(t.state.turn, PASS);
      t.act(0, PASS);
      t.act(1, PASS);
      t.act(2, PASS); // wala
      t.act(3, bid("HOKUM", "S"));
      t.act(0, PASS);
      t.act(1, PASS);
      assert.throws(() => t.act(2, bid("ASHKAL")), { code: "ILLEGAL_BID" });
    });
  });

  it("all pass twice: thrown in, score unchanged, dealer rotates (or stays with CANCEL_SAME_DEALER)", () => {
    const t = bidding();
    for (let i = 0; i < 8; i++) t.act(t.state.turn, PASS);
    assert.equal(t.last("handCancelled")!.reason, "ALL_PASS");
    assert.equal(t.state.handNo, 2);
    assert.equal(t.state.dealer, 0);
    assert.deepEqual(t.state.scores, [0, 0]);
    const t2 = bidding("QD", { allPass: "CANCEL_SAME_DEALER" });
    for (let i = 0; i < 8; i++) t2.act(t2.state.turn, PASS);
    assert.equal(t2.state.dealer, 3);
    assert.equal(t2.state.handNo, 2);
  });

  describe("Kawesh (§6.9)", () => {
    // Seat 3 holds 7D 8D 9D 7C 8C: nothing above a 9.
    const K5 = ["10S JS QS KS AS", "7S 8S 9S 7H 8H", "9H 10H JH QH KH", "7D 8D 9D 7C 8C"];
    const kopts = (kawesh: "OFF" | "SAK_5_CARDS_ROTATE" | "TAZ"): BalootOptions => ({ dealer: 3, hands: K5, faceUp: "QD", overrides: { kawesh } });
    it("OFF: refused", () => {
      const t = table(kopts("OFF"));
      for (const s of [0, 1, 2]) t.act(s, PASS);
      assert.throws(() => t.act(3, { type: "kawesh" }), { code: "KAWESH_DISABLED" });
    });
    it("SAK_5_CARDS_ROTATE: an eligible hand cancels the deal, dealer rotates; others may not", () => {
      const t = table(kopts("SAK_5_CARDS_ROTATE"));
      assert.throws(() => t.act(0, { type: "kawesh" }), { code: "KAWESH_NOT_ALLOWED" });
      t.act(0, bid("HOKUM"));
      t.act(1, PASS);
      t.act(2, PASS);
      assert.ok(legalOf(t, 3).some((a) => a.type === "kawesh"));
      t.act(3, { type: "kawesh" });
      assert.equal(t.last("handCancelled")!.reason, "KAWESH");
      assert.equal(t.state.dealer, 0);
      assert.deepEqual(t.state.scores, [0, 0]);
    });
    it("TAZ: before any bid the same dealer redeals; after a bid the deal rotates", () => {
      const t = table(kopts("TAZ"));
      for (const s of [0, 1, 2]) t.act(s, PASS);
      t.act(3, { type: "kawesh" });
      assert.equal(t.state.dealer, 3);
      assert.equal(t.state.handNo, 2);
      const t2 = table(kopts("TAZ"));
      t2.act(0, bid("HOKUM"));
      t2.act(1, PASS);
      t2.act(2, PASS);
      t2.act(3, { type: "kawesh" });
      assert.equal(t2.state.dealer, 0);
    });
  });
});
