/** §8.3 legal-move algorithm, branch by branch, under every play flag; §12.2 Akka; §7.4 closed lead. */
import { strict as assert } from "node:assert";
import { maskOf, parseCard, parseCards, cardsOf } from "../../../src/games/baloot/cards.js";
import { legalCardMask, legalMaskFor } from "../../../src/games/baloot/legal.js";
import { akkaValid } from "../../../src/games/baloot/akka.js";
import { SAUDI_DEFAULT, type RuleProfile } from "../../../src/games/baloot/profile.js";
import { CARD_NAMES } from "../../../src/games/baloot/tables.js";
import { fromPosition } from "../../../src/games/baloot/index.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

const S = 0;
const H = 1;
const SUN = -1;
const DEF = SAUDI_DEFAULT.play;
const play = (o: Partial<RuleProfile["play"]>): RuleProfile["play"] => ({ ...DEF, ...o });
const m = (cards: string): number => maskOf(parseCards(cards));
const names = (mask: number): string => cardsOf(mask).map((c) => CARD_NAMES[c]).join(" ");
const c = parseCard;

interface Case {
  hand: string;
  trick: number;
  led?: string;
  win?: string;
  partnerWinning?: boolean;
  top?: boolean;
  trump: number;
  closed?: boolean;
  flags?: Partial<RuleProfile["play"]>;
}
function legal(k: Case): string {
  return names(
    legalMaskFor(m(k.hand), k.trick, k.led ? c(k.led) : -1, k.win ? c(k.win) : -1, k.partnerWinning ?? false, k.top ?? false, k.trump, k.closed ?? false, play(k.flags ?? {})),
  );
}

describe("baloot legal moves (§8.3)", () => {
  it("1. leading: any card; closed Hokum forbids a trump lead while holding a side card", () => {
    assert.equal(legal({ hand: "7S JH 9H", trick: 0, trump: H }), "7S 9H JH");
    assert.equal(legal({ hand: "7S JH 9H", trick: 0, trump: H, closed: true }), "7S");
    assert.equal(legal({ hand: "JH 9H", trick: 0, trump: H, closed: true }), "9H JH");
    // Sun has no closed concept.
    assert.equal(legal({ hand: "7S JH", trick: 0, trump: SUN, closed: true }), "7S JH");
  });
  it("2-3. must follow suit (Sun and Hokum side suits): any card of the suit", () => {
    assert.equal(legal({ hand: "7S AS 9H", trick: 1, led: "10S", win: "10S", trump: SUN }), "7S AS");
    assert.equal(legal({ hand: "7S AS 9H", trick: 2, led: "10S", win: "10S", trump: H }), "7S AS");
  });
  it("3. trumps led, opponent winning: must beat the best trump if able, else any trump", () => {
    assert.equal(legal({ hand: "7H 9H JH 8S", trick: 1, led: "AH", win: "AH", trump: H }), "9H JH");
    assert.equal(legal({ hand: "7H 8H 8S", trick: 1, led: "AH", win: "AH", trump: H }), "7H 8H");
  });
  it("3. trumps led, partner winning: any trump (§8.6); trumpLedBeatPartner forces beating him", () => {
    assert.equal(legal({ hand: "7H JH 8S", trick: 2, led: "AH", win: "AH", partnerWinning: true, trump: H }), "7H JH");
    assert.equal(legal({ hand: "7H JH 8S", trick: 2, led: "AH", win: "AH", partnerWinning: true, trump: H, flags: { trumpLedBeatPartner: true } }), "JH");
  });
  it("4. void in Sun: free discard", () => {
    assert.equal(legal({ hand: "7H 8D", trick: 1, led: "AS", win: "AS", trump: SUN }), "7H 8D");
  });
  it("5-6. void in Hokum without trumps: anything", () => {
    assert.equal(legal({ hand: "7D 8C", trick: 1, led: "AS", win: "AS", trump: H }), "7D 8C");
  });
  it("8. void, opponent winning with a side card: must trump (any trump)", () => {
    assert.equal(legal({ hand: "7H JH 8D", trick: 1, led: "AS", win: "AS", trump: H }), "7H JH");
  });
  it("9-10. opponent has trumped: must over-trump if able", () => {
    assert.equal(legal({ hand: "7H JH 8D", trick: 2, led: "AS", win: "9H", trump: H }), "JH");
  });
  it("11. cannot over-trump: FREE → any card; MUST → any trump", () => {
    assert.equal(legal({ hand: "7H 8H 8D", trick: 2, led: "AS", win: "9H", trump: H }), "7H 8H 8D");
    assert.equal(legal({ hand: "7H 8H 8D", trick: 2, led: "AS", win: "9H", trump: H, flags: { undertrump: "MUST" } }), "7H 8H");
  });
  describe("7. partner-winning exemption (§8.4)", () => {
    const base = { hand: "7H JH 8D", led: "KS", win: "KS", partnerWinning: true, trump: H } as const;
    it("SAUDI_STRICT: 4th seat is exempt", () => {
      assert.equal(legal({ ...base, trick: 3 }), "7H JH 8D");
    });
    it("SAUDI_STRICT: 3rd seat exempt only when partner led the Ace or a valid Akka", () => {
      assert.equal(legal({ ...base, trick: 2 }), "7H JH"); // partner led K, Ace still out
      assert.equal(legal({ ...base, trick: 2, led: "AS", win: "AS", top: true }), "7H JH 8D");
      assert.equal(legal({ ...base, trick: 2, top: true }), "7H JH 8D"); // K with Akka
    });
    it("SAUDI_STRICT: when the partner has trumped and wins, the 4th seat is free (§8.4 open sub-point)", () => {
      assert.equal(legal({ hand: "7H 8D", trick: 3, led: "AS", win: "9H", partnerWinning: true, trump: H }), "7H 8D");
    });
    it("ANY: whenever the partner is winning", () => {
      assert.equal(legal({ ...base, trick: 2, flags: { partnerExemption: "ANY" } }), "7H JH 8D");
    });
  });

  it("Akka validity (§12.2): Hokum, leading, non-trump, non-Ace, highest unplayed of its suit", () => {
    const played = m("AS");
    assert.equal(akkaValid(c("10S"), H, played, true), true);
    assert.equal(akkaValid(c("10S"), H, 0, true), false); // Ace still out
    assert.equal(akkaValid(c("AS"), H, 0, true), false); // an Ace needs no Akka
    assert.equal(akkaValid(c("10S"), H, played, false), false); // not leading
    assert.equal(akkaValid(c("10S"), SUN, played, true), false); // Sun
    assert.equal(akkaValid(c("9H"), H, m("JH"), true), false); // trump
    assert.equal(akkaValid(c("KS"), H, m("AS 10S"), true), true);
    void S;
  });
});

describe("baloot legality through apply", () => {
  const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
  const deck = stackDeck(3, HANDS, "7H", 0);
  function hokum() {
    const t = table({ deck, dealer: 3 });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    t.act(0, { type: "confirm", choice: "HOKUM" });
    t.act(1, SKIP);
    t.act(3, SKIP);
    return t;
  }
  it("a declared Akka frees the partner (3rd seat) from trumping; the Ace does too; a plain King does not", () => {
    // Hokum in hearts, dealer 3, buyer 0. Seat 2 is void in spades and holds trumps (KH QH JH).
    const FULL = ["AS KS AH 10H 7H AD KD 8C", "8S 7S QS JS 9S 10D 8D 9C", "KH QH JH 9D 7D AC KC QC", "10S 9H 8H QD JD 7C 10C JC"];
    const at = (played: (string | { card: string; akka: boolean })[]) => {
      const gone = new Set(played.map((p) => (typeof p === "string" ? p : p.card)));
      const hands = FULL.map((h) => h.split(" ").filter((x) => !gone.has(x)));
      return fromPosition({ dealer: 3, contract: { kind: "HOKUM", trump: "H", buyer: 0 }, hands, played });
    };
    // Trick 1: partner led the Ace of spades and is winning: seat 2 may discard.
    assert.equal(names(legalCardMask(at(["AS", "8S"]), 2)), "JH QH KH 7D 9D QC KC AC");
    const trick2 = ["AS", "8S", "7D", "10S"];
    // Trick 2: partner leads KS with Akka (AS and 10S are gone): free; without Akka: must trump.
    assert.equal(names(legalCardMask(at([...trick2, { card: "KS", akka: true }, "7S"]), 2)), "JH QH KH 9D QC KC AC");
    assert.equal(names(legalCardMask(at([...trick2, "KS", "7S"]), 2)), "JH QH KH");
  });

  it("refuses an illegal card (ILLEGAL_CARD) and a card not held (CARD_NOT_IN_HAND)", () => {
    const t = hokum();
    t.play("JH");
    assert.throws(() => t.act(1, { type: "play", card: "QS" }), { code: "ILLEGAL_CARD" });
    assert.throws(() => t.act(1, { type: "play", card: "AS" }), { code: "CARD_NOT_IN_HAND" });
  });
  it("Akka: refused when invalid, accepted when valid; it frees the 3rd seat from trumping", () => {
    const t = hokum();
    // Trick 1: JH 8H QH 7C; trick 2: 9H 7S KH 8C; trick 3: AH 8S 9D 9C.
    t.play("JH", "8H", "QH", "7C", "9H", "7S", "KH", "8C", "AH", "8S", "9D", "9C");
    // Seat 0 leads AD: an Ace needs no Akka → refused with akka.
    assert.throws(() => t.act(0, { type: "play", card: "AD", akka: true }), { code: "INVALID_AKKA" });
    t.act(0, { type: "play", card: "AD" });
    t.play("7D", "10C", "8D");
    // Seat 0 leads KD: the Ace of diamonds is gone, 10D is still out → no Akka.
    assert.throws(() => t.act(0, { type: "play", card: "KD", akka: true }), { code: "INVALID_AKKA" });
  });
});
