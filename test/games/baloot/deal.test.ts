/** §5 dealing: per-hand deck from the seed, canonical stacked order, completion packets, dealer. */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { streamFor, seedState } from "../../../src/games/core/rng.js";
import { dealForHand, handStreamState } from "../../../src/games/baloot/deal.js";
import { baloot, initialEvents } from "../../../src/games/baloot/index.js";
import { cardsOf, parseCards } from "../../../src/games/baloot/cards.js";
import { CARD_NAMES } from "../../../src/games/baloot/tables.js";
import { PASS, bid, table } from "./helpers.js";

const names = (m: number): string => cardsOf(m).map((c) => CARD_NAMES[c]).join(" ");
// Deck top first: 7S 8S … AC in encoding order.
const ORDERED = Array.from({ length: 32 }, (_, i) => CARD_NAMES[i]!);

describe("baloot deal (§5)", () => {
  it("dealForHand(seed, n) is the shuffle of core streamFor(seed, 'hand:n') — verifiable from the revealed seed", () => {
    for (let i = 0; i < 50; i++) {
      const d = Array.from({ length: 32 }, (_, k) => k);
      streamFor(`seed-${i}`, `hand:${i % 7}`).shuffle(d);
      assert.deepEqual(dealForHand(`seed-${i}`, i % 7), d);
      assert.deepEqual(handStreamState(`seed-${i}`, i % 7), seedState(`seed-${i}`, `hand:${i % 7}`));
    }
    const s = baloot.setup({ seed: "verify", seats: 4, options: {} });
    assert.deepEqual(s.hand.deck, dealForHand("verify", 1));
  });

  it("the per-hand stream state (plain-JavaScript SHA-256, handSeed.ts) equals core seedState for every seed length and hand", () => {
    // Seed lengths around the 64-byte block edges (the tail then needs one or two compressions),
    // the usual 64-hex-digit seeds, seeds alternating (the cached seed state is replaced), non-ASCII seeds.
    const seeds: string[] = [];
    for (let len = 0; len <= 200; len++) seeds.push(Array.from({ length: len }, (_, i) => "0123456789abcdefXYZ-_:"[(i * 7 + len) % 22]).join(""));
    for (let i = 0; i < 300; i++) seeds.push(createHash("sha256").update(`s${i}`).digest("hex"));
    seeds.push("ñandú", "مباراة", "\u{1F0A1} ace", "a\u0000b", "\u007f");
    for (let i = 0; i < seeds.length; i++) {
      for (const hand of [1, 2, 9, 10, 99, 100, 1000 + i]) {
        const seed = seeds[(i * 13 + hand) % seeds.length]!;
        assert.deepEqual(handStreamState(seed, hand), seedState(seed, `hand:${hand}`), `seed ${JSON.stringify(seed)} hand ${hand}`);
      }
    }
  });

  it("first deal 3 then 2 from D+1, then the face-up card (§5.2)", () => {
    const t = table({ deck: ORDERED, dealer: 1 });
    // D+1 = 2, D+2 = 3, D+3 = 0, D = 1.
    const h = t.state.hand.hands;
    assert.equal(names(h[2]!), "7S 8S 9S JH QH");
    assert.equal(names(h[3]!), "10S JS QS KH AH");
    assert.equal(names(h[0]!), "KS AS 7H 7D 8D");
    assert.equal(names(h[1]!), "8H 9H 10H 9D 10D");
    assert.equal(CARD_NAMES[t.state.hand.faceUp], "JD");
    assert.equal(t.state.turn, 2);
    const ev = initialEvents(t.state);
    assert.deepEqual(ev[0], { type: "handStarted", hand: 1, dealer: 1, scores: [0, 0] });
  });

  it("completion: from D+1, the buyer gets the face-up card + 2, the others 3", () => {
    const t = table({ deck: ORDERED, dealer: 1 });
    t.act(2, PASS);
    t.act(3, bid("SUN")); // before you: seat 2 passed but is seat 3's opponent → offered
    t.act(2, PASS);
    const h = t.state.hand.hands;
    // Stock after the face-up JD: QD KD AD 7C 8C 9C 10C JC QC KC AC.
    assert.equal(names(h[2]!), "7S 8S 9S JH QH QD KD AD");
    assert.equal(names(h[3]!), "10S JS QS KH AH JD 7C 8C");
    assert.equal(names(h[0]!), "KS AS 7H 7D 8D 9C 10C JC");
    assert.equal(names(h[1]!), "8H 9H 10H 9D 10D QC KC AC");
    assert.equal(t.state.hand.hands.reduce((a, m) => a + cardsOf(m).length, 0), 32);
  });

  it("the first dealer is drawn from the seed unless given; dealer rotates to the right after each hand", () => {
    const a = baloot.setup({ seed: "d", seats: 4, options: {} });
    const b = baloot.setup({ seed: "d", seats: 4, options: {} });
    assert.equal(a.dealer, b.dealer);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) seen.add(baloot.setup({ seed: `d${i}`, seats: 4, options: {} }).dealer);
    assert.equal(seen.size, 4);
    // The documented draw: core streamFor(seed, "dealer").int(4), for any seed (incl. non-ASCII, 64-hex).
    const seeds = ["", "ñandú", createHash("sha256").update("x").digest("hex")];
    for (let i = 0; i < 300; i++) seeds.push(`dealer-${i}`);
    for (const seed of seeds) assert.equal(baloot.setup({ seed, seats: 4, options: {} }).dealer, streamFor(seed, "dealer").int(4), seed);
    const t = table({ dealer: 2 });
    for (let i = 0; i < 8; i++) t.act(t.state.turn, PASS);
    assert.equal(t.state.dealer, 3);
    assert.equal(t.state.turn, 0);
  });

  it("decks hook feeds successive hands; later hands fall back to the seed", () => {
    const rev = [...ORDERED].reverse();
    const t = table({ decks: [ORDERED, rev], dealer: 0 });
    for (let i = 0; i < 8; i++) t.act(t.state.turn, PASS);
    assert.deepEqual(t.state.hand.deck, parseCards(rev.join(" ")));
    for (let i = 0; i < 8; i++) t.act(t.state.turn, PASS);
    assert.deepEqual(t.state.hand.deck, dealForHand("test-seed", 3));
  });

  it("hands hook with 8-card final hands: the seat listing the face-up card receives it", () => {
    const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
    const t = table({ hands: HANDS, faceUp: "7H", dealer: 3 });
    t.act(0, bid("SUN"));
    assert.deepEqual(
      t.state.hand.hands.map((m) => names(m)),
      HANDS.map((h) => names(parseCards(h).reduce((a, c) => (a | (1 << c)) >>> 0, 0))),
    );
    // 7C is in seat 3's list: seat 3 is then the face-up receiver.
    const t3 = table({ hands: HANDS, faceUp: "7C", dealer: 3 });
    assert.equal(names(t3.state.hand.hands[3]!).includes("7C"), false);
    const dup = [...HANDS.slice(0, 3), "10S KS 8D JD QD 7C 8C 8C"];
    assert.throws(() => table({ hands: dup, faceUp: "7H", dealer: 3 }), { code: "BAD_OPTIONS" });
    assert.throws(() => table({ hands: ["7S"], faceUp: "7H" }), { code: "BAD_OPTIONS" });
  });
});
