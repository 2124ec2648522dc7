/**
 * The line of sure tricks into a cash-out (cashLine, sawaValidQuick.ts), a quick "valid" answer of
 * the Sun search, checked on its own against the brute-force reference (sawaReference.ts): whenever
 * it says "valid", the reference must agree. The deals give the claimers most of the strong cards
 * (and the partner often more than the leader), so lines with cashes, discards and hand-overs both
 * ways are common, on valid claims and on claims that fail.
 */
import { strict as assert } from "node:assert";
import { toStrength } from "../../../src/games/baloot/sawaSunLanes.js";
import { sunQuickAnswer } from "../../../src/games/baloot/sawaSunQuick.js";
import { cashLine } from "../../../src/games/baloot/sawaValidQuick.js";
import { SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";
import { PLAIN_STRENGTH } from "../../../src/games/baloot/tables.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { bruteDeals, bruteTimeout, referenceSawa, type ReferencePosition } from "./sawaReference.js";

/** A Sun deal of n cards a hand: the strong cards go mostly to the claimers, the strongest hand to the leader or his partner. */
function strongDeal(r: Rng, n: number): ReferencePosition {
  const leader = r.int(4);
  const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
  const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(6)]));
  deck.sort((a, b) => key.get(b)! - key.get(a)!);
  const strong = r.int(2) === 0 ? leader : (leader + 2) & 3;
  const order = [strong, (strong + 2) & 3, (leader + 1) & 3, (leader + 3) & 3];
  const hands = [0, 0, 0, 0];
  const quota = [n, n, n, n];
  for (const c of deck) {
    // Each card to the first seat of the order with room, skipping ahead now and then.
    let k = 0;
    while (k < 3 && (quota[order[k]!] === 0 || r.int(10) < 5)) k++;
    while (quota[order[k]!] === 0) k = (k + 1) & 3;
    const seat = order[k]!;
    hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
    quota[seat]!--;
  }
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  return { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
}

describe("baloot Sawa quick valid answer, a line of sure tricks (sawaValidQuick.ts): sound against brute force", function () {
  this.timeout(bruteTimeout(120_000));

  const deals = bruteDeals(3000, 12000);
  it(`cashLine: ${deals.toLocaleString("en-US")} Sun deals of 2 to 7 cards with strong claimers, never calls an invalid claim valid`, () => {
    const r = createRng(seedState("sawa-valid-line"));
    const h = new Int32Array(4);
    let fired = 0;
    let beyondQuick = 0;
    let valid = 0;
    for (let i = 0; i < deals; i++) {
      const p = strongDeal(r, 2 + (i % 6));
      const l = p.leader;
      const line = cashLine(toStrength(p.hands[l]!), toStrength(p.hands[(l + 2) & 3]!), toStrength(p.hands[(l + 1) & 3]!), toStrength(p.hands[(l + 3) & 3]!));
      const truth = referenceSawa(p);
      if (truth) valid++;
      if (!line) continue;
      fired++;
      assert.ok(truth, `cashLine says valid, the brute force invalid: ${JSON.stringify(p)}`);
      for (let s = 0; s < 4; s++) h[s] = p.hands[s]!;
      if (sunQuickAnswer(h, l) === 0) beyondQuick++;
    }
    // It must fire often, and often where the other quick answers leave the claim to the search.
    assert.ok(fired > deals / 5 && beyondQuick > deals / 20 && valid - fired > deals / 50, `${fired} fired (${beyondQuick} left open by sunQuickAnswer), ${valid} valid`);
  });
});
