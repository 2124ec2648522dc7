/** Deck rules: exactly 40 cards, at most 3 copies of a non-energy card, known cards, a basic creature. */
import { strict as assert } from "node:assert";
import { newMatch, validateDeck, STARTER_DECKS, type DeckCheck } from "../../../src/games/duel/index.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";

function codes(check: DeckCheck): string[] {
  return check.ok ? [] : check.errors.map((e) => e.code);
}

const energy = (n: number, el = "flame"): string[] => Array.from({ length: n }, () => `${el}-energy`);

describe("duel deck validation", () => {
  it("accepts both starter decks, as entries and as a flat list", () => {
    for (const deck of STARTER_DECKS) {
      const check = validateDeck(deck);
      assert.ok(check.ok);
      assert.equal(check.cards.length, 40);
      assert.ok(validateDeck(check.cards).ok);
    }
  });

  it("refuses a deck that is not exactly 40 cards", () => {
    assert.deepEqual(codes(validateDeck(["ashhound", ...energy(38)])), ["DECK_SIZE"]);
    assert.deepEqual(codes(validateDeck(["ashhound", ...energy(40)])), ["DECK_SIZE"]);
  });

  it("allows any number of energy cards but at most 3 copies of any other card", () => {
    assert.ok(validateDeck(["ashhound", ...energy(39)]).ok);
    const check = validateDeck([...Array(4).fill("ashhound"), ...Array(4).fill("field-notes"), ...energy(32)]);
    assert.deepEqual(codes(check), ["TOO_MANY_COPIES", "TOO_MANY_COPIES"]);
    assert.ok(!check.ok && check.errors.map((e) => e.card).sort().join() === "ashhound,field-notes");
  });

  it("refuses unknown cards, decks without a basic creature, and malformed input", () => {
    assert.deepEqual(codes(validateDeck(["ashhound", "dragon-king", ...energy(38)])), ["UNKNOWN_CARD"]);
    assert.deepEqual(codes(validateDeck(["furnacemole", ...energy(39)])), ["NO_BASIC_CREATURE"]);
    assert.deepEqual(codes(validateDeck("ashhound")), ["DECK_NOT_A_LIST"]);
    assert.deepEqual(codes(validateDeck([{ card: "ashhound", count: 0 }])), ["BAD_ENTRY"]);
    assert.deepEqual(codes(validateDeck([{ card: "ashhound", count: 2, extra: 1 }])), ["BAD_ENTRY"]);
    assert.deepEqual(codes(validateDeck([42])), ["BAD_ENTRY"]);
  });

  it("reports every fault at once", () => {
    assert.deepEqual(codes(validateDeck([...Array(5).fill("field-notes"), "nope"])).sort(), ["DECK_SIZE", "NO_BASIC_CREATURE", "TOO_MANY_COPIES", "UNKNOWN_CARD"]);
  });

  it("a match refuses an invalid deck with BAD_OPTIONS naming the seat and the fault", () => {
    assert.throws(
      () => newMatch("s", { decks: [STARTER_DECKS[0]!, ["ashhound"]] }),
      (e: unknown) => isIllegalAction(e) && e.code === "BAD_OPTIONS" && e.message.includes("deck 1") && e.message.includes("DECK_SIZE"),
    );
    assert.throws(() => newMatch("s", { decks: [STARTER_DECKS[0]!] }), (e: unknown) => isIllegalAction(e) && e.code === "BAD_OPTIONS");
    assert.throws(() => newMatch("s", { prizes: 7 }), (e: unknown) => isIllegalAction(e) && e.code === "BAD_OPTIONS");
    assert.throws(() => newMatch("s", { set: "missing" }), (e: unknown) => isIllegalAction(e) && e.code === "BAD_OPTIONS");
  });
});
