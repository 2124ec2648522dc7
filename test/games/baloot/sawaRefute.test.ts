/**
 * The two-suit guard refutation (sawaRefute.ts) against the brute-force reference: on Sun deals
 * where one opponent is long in two suits the claimers hold some high cards of, it must never
 * refute a valid claim. It must also fire on deals the one-guard count (sawaSunGuards.ts) leaves
 * open, or the test would not show anything new. The whole quick answer, with it, is checked too.
 */
import { strict as assert } from "node:assert";
import { guardsRefute } from "../../../src/games/baloot/sawaSunGuards.js";
import { smearUp, toStrength } from "../../../src/games/baloot/sawaSunLanes.js";
import { sunQuickAnswer } from "../../../src/games/baloot/sawaSunQuick.js";
import { solveSawa } from "../../../src/games/baloot/sawaSolver.js";
import { SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";
import { PLAIN_STRENGTH } from "../../../src/games/baloot/tables.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { bruteDeals, bruteTimeout, referenceSawa, type ReferencePosition } from "./sawaReference.js";
import { oneGuardPlain, twoGuardsPlain } from "./sawaTwoGuards.js";

/**
 * A Sun deal of n cards a hand where opponent `leader + 1 + 2·side` draws first from two suits,
 * and the claimers draw the stronger of the rest more often than the other opponent.
 */
function twoSuitDeal(r: Rng, n: number): ReferencePosition {
  const leader = r.int(4);
  const guard = (leader + 1 + 2 * r.int(2)) & 3;
  const s1 = r.int(4);
  const s2 = (s1 + 1 + r.int(3)) & 3;
  const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
  const hands = [0, 0, 0, 0];
  const take = (seat: number, c: number) => (hands[seat] = (hands[seat]! | (1 << c)) >>> 0);
  // The guard: cards of s1 and s2 first (at most n), then anything.
  const inTwo = deck.filter((c) => c >>> 3 === s1 || c >>> 3 === s2);
  const mine = [...inTwo.slice(0, n - r.int(3)), ...deck.filter((c) => !inTwo.includes(c))].slice(0, n);
  for (const c of mine) take(guard, c);
  // The rest: the claimers draw the strong end more often.
  const rest = deck.filter((c) => !mine.includes(c));
  const key = new Map(rest.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(7)]));
  rest.sort((a, b) => key.get(b)! - key.get(a)!);
  const claimers = [leader, (leader + 2) & 3];
  const other = (guard + 2) & 3;
  const quota = [n, n, n, n];
  quota[guard] = 0;
  for (const c of rest) {
    let seat = r.int(10) < 7 ? claimers[r.int(2)]! : other;
    if (quota[seat] === 0) seat = [claimers[0]!, claimers[1]!, other].find((s) => quota[s]! > 0)!;
    take(seat, c);
    quota[seat]!--;
  }
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  return { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
}

/** The partner's every card below the leader's cards of its suit (sunQuickAnswer's partnerLocked). */
function locked(p: ReferencePosition): boolean {
  return (toStrength(p.hands[(p.leader + 2) & 3]!) & smearUp(toStrength(p.hands[p.leader]!))) === 0;
}

describe("Sawa two-suit guard refutation (brute force)", function () {
  this.timeout(bruteTimeout(120_000));

  // Deals per hand size (3 to 7 cards); 7-card refuted claims cost the brute force the most.
  const sizes = [3, 4, 5, 6, 7].map((n) => [n, bruteDeals(n <= 5 ? 1200 : n === 6 ? 600 : 200, 3000)] as const);
  const total = sizes.reduce((a, [, k]) => a + k, 0);

  it(`one opponent guarding two suits (sawaRefute.ts): ${total.toLocaleString("en-US")} Sun deals of 3 to 7 cards, never refutes a valid claim`, () => {
    const r = createRng(seedState("sawa-two-guards"));
    const h = new Int32Array(4);
    let refuted = 0;
    let fresh = 0;
    let valid = 0;
    // The same count loosened by one (C ≤ left - 1 - k1 - k2) is wrong: it must refute a valid claim here.
    let looseWrong = 0;
    for (const [n, count] of sizes) {
      for (let i = 0; i < count; i++) {
        const p = twoSuitDeal(r, n);
        // The guard count with the two-suit guard, as sunQuickAnswer calls it (locked partner included).
        const says = guardsRefute(p.hands, p.leader, n, locked(p));
        const plainOne = oneGuardPlain(p.hands, p.leader, n, locked(p));
        assert.equal(says, plainOne || twoGuardsPlain(p.hands, p.leader, n, locked(p)), `guardsRefute against its per-suit form: ${JSON.stringify(p)}`);
        const loose = twoGuardsPlain(p.hands, p.leader, n, locked(p), 1);
        for (let s = 0; s < 4; s++) h[s] = p.hands[s]!;
        const quick = sunQuickAnswer(h, p.leader);
        // Brute force on every refuted deal and every quick answer, and a share of the others.
        if (!says && !loose && quick === 0 && i % 3 !== 0) continue;
        const expected = referenceSawa(p);
        if (expected) valid++;
        if (loose && expected) looseWrong++;
        if (quick !== 0) assert.equal(expected, quick > 0, `sunQuickAnswer says ${quick} against the brute force: ${JSON.stringify(p)}`);
        if (!says) continue;
        refuted++;
        if (!plainOne) fresh++;
        assert.equal(expected, false, `guardsRefute refuted a valid claim: ${JSON.stringify(p)}`);
      }
    }
    assert.ok(refuted > total / 10 && fresh > total / 200 && valid > total / 20, `refuted ${refuted} (${fresh} not by one guard), ${valid} valid`);
    assert.ok(looseWrong > 0, "the count loosened by one never refuted a valid claim: these deals do not test its edge");
  });

  const lowDeals = bruteDeals(1500, 6000);
  it(`the claimers' low cards (sawaRefute.ts partnerChoices and leadChoices: of a hand's cards below all of the other's, only the lowest): ${lowDeals.toLocaleString("en-US")} Sun deals of 3 to 7 cards, the search against brute force`, () => {
    // One claimer draws from the strong end, the other mostly from the weak end, so the weak one
    // often holds several cards of a suit below all of the strong one's (or of a suit he lacks).
    const r = createRng(seedState("sawa-partner-low"));
    let valid = 0;
    let many = 0;
    for (let i = 0; i < lowDeals; i++) {
      const n = 3 + (i % 5);
      const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
      const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(6)]));
      deck.sort((a, b) => key.get(b)! - key.get(a)!);
      const leader = r.int(4);
      const hands = [0, 0, 0, 0];
      const take = (seat: number, cards: number[]) => {
        for (const c of cards) hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
      };
      const mine = r.shuffle(deck.slice(0, 2 * n)).slice(0, n);
      take(leader, mine);
      const rest = deck.filter((c) => !mine.includes(c));
      // Every other deal the partner takes the weakest cards; otherwise a random share.
      const partner = i % 2 === 0 ? rest.slice(rest.length - n) : r.shuffle(rest.slice()).slice(0, n);
      take((leader + 2) & 3, partner);
      const others = r.shuffle(rest.filter((c) => !partner.includes(c)));
      take((leader + 1) & 3, others.slice(0, n));
      take((leader + 3) & 3, others.slice(n));
      // Every third deal the strong and weak hands swap: the leader's low cards below his
      // partner's (leadChoices).
      if (i % 3 === 2) [hands[leader], hands[(leader + 2) & 3]] = [hands[(leader + 2) & 3]!, hands[leader]!];
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      const p = { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
      // Two or more cards of a suit of the weak hand below all of the strong one's: the pruning has work to do.
      const [strong, weak] = i % 3 === 2 ? [hands[(leader + 2) & 3]!, hands[leader]!] : [hands[leader]!, hands[(leader + 2) & 3]!];
      const below = toStrength(weak) & ~smearUp(toStrength(strong));
      if ([0, 8, 16, 24].some((sh) => ((below >>> sh) & 0xff & (((below >>> sh) & 0xff) - 1)) !== 0)) many++;
      const expected = referenceSawa(p);
      assert.equal(solveSawa(p, false), expected, `solver against brute force: ${JSON.stringify(p)}`);
      if (expected) valid++;
    }
    assert.ok(valid > lowDeals / 10 && lowDeals - valid > lowDeals / 10 && many > lowDeals / 2, `${valid} valid, ${many} with two cards of the weak hand below the strong one's`);
  });
});
