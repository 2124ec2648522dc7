/** The deal suite (issue 15 §3): the real dealing code passes; deliberately biased shufflers are flagged. */
import { strict as assert } from "node:assert";
import { streamFor } from "../../../src/games/core/rng.js";
import { dealForHand } from "../../../src/games/baloot/deal.js";
import { runDealSuite, formatSuite } from "../../../src/games/baloot/dealSuite.js";
import { baloot, initialEvents } from "../../../src/games/baloot/index.js";
import { dealsFromEvents, symbolsFromDeck, symbolsFromLog, LUCK_MEAN, LUCK_VARIANCE, firstDealPoints } from "../../../src/games/baloot/fingerprint.js";
import { SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";
import { CARD_NAMES } from "../../../src/games/baloot/tables.js";

/** The classic shuffle bug: swap every position with any position (n^n paths over n! orders). */
function naiveShuffle(seed: string, hand: number): number[] {
  const rng = streamFor(seed, `hand:${hand}`);
  const deck = Array.from({ length: 32 }, (_, i) => i);
  for (let i = 0; i < 32; i++) {
    const j = rng.int(32);
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  return deck;
}

/** A fair shuffle, but one deal in 40 quietly moves a Jack into the face-up slot (position 20). */
function jackFaceUp(seed: string, hand: number): number[] {
  const deck = dealForHand(seed, hand);
  if (streamFor(seed, `cheat:${hand}`).int(40) === 0) {
    const j = deck.findIndex((c) => (c & 7) === 4);
    [deck[20], deck[j]] = [deck[j]!, deck[20]!];
  }
  return deck;
}

/** A fair shuffle per hand, but each hand's deck is the previous hand's one time in 50. */
function repeats(seed: string, hand: number): number[] {
  return dealForHand(seed, hand > 1 && streamFor(seed, `repeat:${hand}`).int(50) === 0 ? hand - 1 : hand);
}

const failing = (r: ReturnType<typeof runDealSuite>): string[] => r.tests.filter((t) => t.pValue < 0.001).map((t) => t.name);

describe("Baloot deal suite", function () {
  this.timeout(60_000);

  it("100,000 deals of the real dealing code from fixed seeds pass every test at 99 %", () => {
    for (const seed of ["ci-1", "ci-2"]) {
      const r = runDealSuite({ deals: 50_000, seed });
      assert.equal(r.fingerprint.observations, 50_000);
      assert.equal(r.tests.length, 8);
      assert.ok(r.passed, formatSuite(r, 0));
    }
  });

  it("flags the naive swap-with-any shuffle", () => {
    const r = runDealSuite({ deals: 20_000, seed: "biased", dealer: naiveShuffle });
    assert.equal(r.passed, false);
    assert.ok(failing(r).includes("cardPosition"), formatSuite(r, 0));
    assert.ok(failing(r).includes("cardSeat"), formatSuite(r, 0));
  });

  it("flags a shuffler that puts a Jack face up one deal in 40", () => {
    const r = runDealSuite({ deals: 50_000, seed: "jack", dealer: jackFaceUp });
    assert.ok(failing(r).includes("faceUp"), formatSuite(r, 0));
  });

  it("flags a shuffler that repeats the previous hand's deck one deal in 50", () => {
    const r = runDealSuite({ deals: 50_000, seed: "repeat", dealer: repeats });
    const serial = failing(r).filter((n) => n === "firstDealPoints" || n === "faceUpCard" || n === "faceUpRed");
    assert.ok(serial.length >= 1, formatSuite(r, 0));
  });

  it("maps a deck to the same symbols as the engine's logged deal, for any dealer", () => {
    for (let i = 0; i < 40; i++) {
      const state = baloot.setup({ seed: `sym-${i}`, seats: 4, options: {} });
      state.dealer = i & 3;
      const events = initialEvents(state) as { type: string; to?: number; cards?: string[]; card?: string }[];
      const dealt: string[][] = [[], [], [], []];
      for (const e of events) if (e.type === "dealt") dealt[e.to!] = e.cards!;
      const fromLog = symbolsFromLog({ dealer: state.dealer, dealt, faceUp: events.find((e) => e.type === "faceUp")!.card! });
      const fromDeck = symbolsFromDeck(dealForHand(`sym-${i}`, 1), SAUDI_DEFAULT.deal.firstPackets);
      assert.deepEqual([...fromLog.cat], [...fromDeck.cat]);
      assert.equal(fromLog.faceUp, fromDeck.faceUp);
      assert.equal(CARD_NAMES[fromLog.faceUp], events.find((e) => e.type === "faceUp")!.card);
    }
  });

  it("reads deals from a stored log, leaving out one cut off mid-deal", () => {
    const state = baloot.setup({ seed: "log", seats: 4, options: {} });
    const opening = initialEvents(state);
    const cut = opening.slice(0, 3); // handStarted and two of the four dealt events
    const deals = dealsFromEvents([...opening, { type: "bid", seat: 1, round: 1, call: "PASS" }, ...cut]);
    assert.equal(deals.length, 1);
    assert.equal(deals[0]!.dealer, state.dealer);
    assert.equal(deals[0]!.faceUp, CARD_NAMES[state.hand.faceUp]);
    assert.deepEqual(dealsFromEvents([]), []);
  });

  it("refuses a malformed logged deal", () => {
    assert.throws(() => symbolsFromLog({ dealer: 0, dealt: [["ZZ"], [], [], []], faceUp: "7S" }), /unknown card/);
    assert.throws(() => symbolsFromLog({ dealer: 0, dealt: [["7S"], [], [], []], faceUp: "7S" }), /not a 20-card/);
  });

  it("luck measure: mean and variance of first-deal points agree with 200,000 simulated seats", () => {
    let sum = 0;
    let sq = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const s = symbolsFromDeck(dealForHand("luck", i + 1), [3, 2]);
      for (let seat = 0; seat < 4; seat++) {
        const p = firstDealPoints(s, seat);
        sum += p;
        sq += p * p;
      }
    }
    const mean = sum / (4 * n);
    const variance = sq / (4 * n) - mean * mean;
    assert.equal(LUCK_MEAN, 18.75);
    assert.ok(Math.abs(mean - LUCK_MEAN) < 0.1, `mean ${mean}`);
    assert.ok(Math.abs(variance / LUCK_VARIANCE - 1) < 0.03, `variance ${variance} vs ${LUCK_VARIANCE}`);
  });

  it("refuses a bad deal count", () => {
    assert.throws(() => runDealSuite({ deals: 0, seed: "x" }), RangeError);
  });
});
