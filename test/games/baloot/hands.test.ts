/** Whole stacked-deck hands played card by card, checked against hand-computed score sheets. */
import { strict as assert } from "node:assert";
import { baloot } from "../../../src/games/baloot/index.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { streamFor } from "../../../src/games/core/rng.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

// Dealer 3 → seat 0 is D+1: first to bid and to lead. Face-up 7H goes to seat 0.
const HANDS = [
  "JH 9H AH 10H 7H AS AD KD",
  "8H QS JS 9S 8S 7S 10D 7D",
  "KH QH AC 10C KC QC JC 9D",
  "10S KS 8D JD QD 7C 8C 9C",
];
const deck = stackDeck(3, HANDS, "7H", 0);

describe("baloot whole hands (stacked deck)", () => {
  it("deals the stacked deck in the canonical order", () => {
    const t = table({ deck, dealer: 3 });
    assert.deepEqual(t.events.filter((e) => e.type === "dealt").map((e) => (e as { cards: string[] }).cards.length), [5, 5, 5, 5]);
    assert.equal(t.last("faceUp")!.card, "7H");
  });

  it("Hokum kaboot with Baloot on the second card: 25 + 2 / 0", () => {
    const t = table({ deck, dealer: 3 });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    t.act(0, { type: "confirm", choice: "HOKUM" });
    assert.equal(t.state.phase, "DOUBLING");
    t.act(1, SKIP);
    t.act(3, SKIP);
    assert.equal(t.state.phase, "PLAYING");
    assert.deepEqual(t.state.hand.full.map((m) => m >>> 0), t.state.hand.hands.map((m) => m >>> 0));
    t.play("JH", "8H", "QH", "7C");
    t.play("9H", "7S");
    t.act(2, { type: "play", card: "KH", baloot: true });
    t.play("8C");
    t.play("AH", "8S", "9D", "9C");
    t.play("10H", "9S", "JC", "10S");
    t.play("7H", "JS", "QC", "KS");
    t.play("AS", "QS", "KC", "8D");
    t.play("AD", "10D", "10C", "JD");
    const last = t.play("KD", "7D", "AC", "QD");
    // The last card's events: the play, the trick, the score sheet, then the next deal.
    assert.deepEqual(
      last.slice(-10).map((e) => e.type),
      ["play", "play", "trick", "handScored", "handStarted", "dealt", "dealt", "dealt", "dealt", "faceUp"],
    );
    const s = t.sheet();
    assert.equal(s.contract, "HOKUM");
    assert.equal(s.trump, "H");
    assert.equal(s.buyer, 0);
    assert.equal(s.result, "KABOOT");
    assert.equal(s.kaboot, true);
    assert.equal(s.kabootTeam, 0);
    assert.equal(s.teams[0].cardPoints, 152);
    assert.equal(s.teams[0].ground, 10);
    assert.equal(s.teams[0].tricks, 8);
    assert.equal(s.balootHolder, 2);
    assert.equal(s.teams[0].balootRaw, 20);
    assert.deepEqual(s.gamePoints, [27, 0]);
    assert.deepEqual(t.state.scores, [27, 0]);
    // Box score from the event log.
    const box = baloot.summarise(t.events);
    assert.equal(box.hands.length, 1);
    assert.deepEqual(
      box.hands[0],
      {
        hand: 1,
        dealer: 3,
        cancelled: null,
        contract: "HOKUM",
        trump: "H",
        buyer: 0,
        ashkal: false,
        level: 1,
        gahwa: false,
        closed: false,
        cardPoints: [162, 0],
        projectsRaw: [0, 0],
        gamePoints: [27, 0],
        kaboot: true,
        result: "KABOOT",
        winnerTeam: 0,
        scoresAfter: [27, 0],
      },
    );
    assert.equal(box.players[0]!.tricks, 8);
    assert.equal(box.players[0]!.cardPoints, 152);
    assert.equal(box.players[0]!.bids, 1);
    assert.equal(box.players[0]!.contractsMade, 1);
    assert.equal(box.players[2]!.baloots, 1);
    // Next hand dealt by the next dealer (§3).
    assert.equal(t.state.handNo, 2);
    assert.equal(t.state.dealer, 0);
    assert.equal(t.state.phase, "BIDDING");
  });

  it("Sun made: non-buyer 14 + ground 10 = 24 → 4 / 22 (§10.4)", () => {
    const t = table({ deck, dealer: 3 });
    t.act(0, bid("SUN"));
    // Sun cannot be doubled at 0–0 (§7.3): play starts at once.
    assert.equal(t.state.phase, "PLAYING");
    t.play("JH", "8H", "QH", "7C"); // s2 wins with QH
    t.play("AC", "8C", "7H", "7S");
    t.play("10C", "9C", "9H", "8S");
    t.play("KC", "10S", "10H", "9S");
    t.play("QC", "KS", "AH", "JS");
    t.play("JC", "8D", "AD", "QS");
    t.play("KH", "JD", "KD", "10D"); // s2 wins with KH
    t.play("9D", "QD", "AS", "7D"); // s3 wins with QD
    const s = t.sheet();
    assert.equal(s.contract, "SUN");
    assert.equal(s.result, "MADE");
    assert.equal(s.teams[0].cardPoints, 106);
    assert.equal(s.teams[1].cardPoints, 14);
    assert.equal(s.teams[1].ground, 10);
    assert.equal(s.teams[0].abnat + s.teams[1].abnat, 130);
    assert.deepEqual(s.gamePoints, [22, 4]);
  });

  it("doubled Hokum, closed by the doubler: the hand is all or nothing (32 / 0)", () => {
    const t = table({ deck, dealer: 3, scores: [10, 20] });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    t.act(0, { type: "confirm", choice: "HOKUM" });
    t.act(1, { type: "double", closed: true });
    assert.equal(t.state.hand.closed, true);
    assert.equal(t.state.hand.level, 2);
    t.act(0, SKIP); // buyer declines Three
    assert.equal(t.state.phase, "PLAYING");
    // Closed: seat 0 holds side cards, so he may not lead a trump.
    assert.throws(() => t.act(0, { type: "play", card: "JH" }), { code: "ILLEGAL_CARD" });
    t.play("AS", "QS", "KH", "KS"); // seat 2 (void in spades, partner's Ace winning, 3rd seat) may trump anyway
    assert.equal(t.state.hand.tricks[0]!.winner, 2);
    while (t.state.phase === "PLAYING") t.act(t.state.turn, botTurn(baloot, t.state, t.state.turn, null, streamFor("bot")).action);
    const s = t.sheet();
    assert.equal(s.level, 2);
    assert.equal(s.closed, true);
    assert.equal(s.doubler, 1);
    const w = s.winnerTeam!;
    assert.ok(w === 0 || w === 1);
    // All or nothing (§10.7): the winner takes 16 × 2 for the cards, the loser no card points.
    assert.equal(s.teams[w].awarded.cards, s.kaboot ? 25 : 32);
    assert.equal(s.teams[1 - w]!.awarded.cards, 0);
  });

  describe("seat 1 buys Hokum (face-up 7H to seat 1)", () => {
    const HANDS1 = ["JH 9H AH 10H 8H AS AD KD", "7H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
    const deck1 = stackDeck(3, HANDS1, "7H", 1);
    function buy(extra: Record<string, unknown> = {}, raise: "none" | "double" = "none") {
      const t = table({ deck: deck1, dealer: 3, ...extra });
      t.act(0, PASS);
      t.act(1, bid("HOKUM"));
      t.act(2, PASS);
      t.act(3, PASS);
      t.act(0, PASS);
      t.act(1, { type: "confirm", choice: "HOKUM" });
      // Buyer's right (seat 2) is asked first, then buyer's left (seat 0).
      if (raise === "double") {
        t.act(2, { type: "double" });
        t.act(1, SKIP);
      } else {
        t.act(2, SKIP);
        t.act(0, SKIP);
      }
      t.play("JH", "7H", "QH", "7C");
      t.play("9H", "7S", "KH", "8C");
      t.play("AH", "8S", "9D", "9C");
      t.play("10H", "9S", "JC", "10S");
      t.play("8H", "JS", "QC", "KS");
      t.play("AS", "QS", "KC", "8D");
      return t;
    }
    it("kaboot by the defenders: 25 / 0, unannounced Baloot not scored", () => {
      const t = buy();
      t.play("AD", "10D", "10C", "JD");
      t.play("KD", "7D", "AC", "QD");
      const s = t.sheet();
      assert.equal(s.buyer, 1);
      assert.equal(s.kabootTeam, 0);
      assert.deepEqual(s.gamePoints, [25, 0]);
    });
    it("failed buyer (khasara): 124 vs 38 → the defenders take the whole 16", () => {
      const t = buy();
      t.play("AD", "7D", "10C", "JD");
      t.play("KD", "10D", "AC", "QD");
      const s = t.sheet();
      assert.equal(s.result, "FAILED");
      assert.equal(s.teams[0].abnat, 124);
      assert.equal(s.teams[1].abnat, 38);
      assert.deepEqual(s.gamePoints, [16, 0]);
    });
    it("the same hand doubled: the doubling team takes 16 × 2 = 32", () => {
      const t = buy({}, "double");
      t.play("AD", "7D", "10C", "JD");
      t.play("KD", "10D", "AC", "QD");
      const s = t.sheet();
      assert.equal(s.level, 2);
      assert.equal(s.doubler, 2);
      assert.deepEqual(s.gamePoints, [32, 0]);
    });
    it("doubled kaboot stays 25 (REG 7-7); kabootMultiplied makes it 50", () => {
      const t = buy({}, "double");
      t.play("AD", "10D", "10C", "JD");
      t.play("KD", "7D", "AC", "QD");
      assert.deepEqual(t.sheet().gamePoints, [25, 0]);
      const m = buy({ overrides: { doubling: { kabootMultiplied: true } } }, "double");
      m.play("AD", "10D", "10C", "JD");
      m.play("KD", "7D", "AC", "QD");
      assert.deepEqual(m.sheet().gamePoints, [50, 0]);
    });
  });

  describe("Sun bought by D+1 holding an Ace, defenders take every trick", () => {
    const HANDS2 = ["AC 7H 8H 7D 8D 9D 10D JD", "AS 10S KS QS JS 9S 8S 7S", "QD 7C 8C 9C 10C JC QC KC", "AH 10H KH QH JH 9H AD KD"];
    const deck2 = stackDeck(3, HANDS2, "7D", 0);
    function playIt(extra: Record<string, unknown>) {
      const t = table({ deck: deck2, dealer: 3, ...extra });
      t.act(0, bid("SUN"));
      t.play("7H", "7S", "7C", "AH");
      t.play("AD", "8D", "8S", "QD");
      t.play("KD", "9D", "9S", "8C");
      t.play("10H", "8H", "10S", "9C");
      t.play("KH", "7D", "JS", "10C");
      t.play("QH", "10D", "QS", "JC");
      t.play("JH", "JD", "KS", "QC");
      t.play("9H", "AC", "AS", "KC");
      return t.sheet();
    }
    it("default: a defenders' Sun kaboot is 44", () => {
      const s = playIt({});
      assert.equal(s.result, "KABOOT");
      assert.deepEqual(s.gamePoints, [0, 44]);
    });
    it("reverseKaboot: 88 to the defenders (§10.6)", () => {
      const s = playIt({ overrides: { scoring: { reverseKaboot: true } } });
      assert.equal(s.result, "REVERSE_KABOOT");
      assert.deepEqual(s.gamePoints, [0, 88]);
    });
  });
});
