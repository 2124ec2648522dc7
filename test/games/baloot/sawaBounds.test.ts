/**
 * The Sawa solver's refutations that run before any search, each checked on its own against the
 * brute-force reference (sawaReference.ts): whenever one says "invalid", the reference must agree.
 * The deals are Sun deals where guards are common (the claimers hold some top cards, the opponents
 * long suits), so each refutation fires often, on invalid claims and never on valid ones.
 */
import { strict as assert } from "node:assert";
import { guardsRefute } from "../../../src/games/baloot/sawaSunGuards.js";
import { SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";
import { PLAIN_STRENGTH } from "../../../src/games/baloot/tables.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { referenceSawa, type ReferencePosition } from "./sawaReference.js";

/** A Sun deal of n cards a hand; with `bias` the claimer's side tends to get the strong cards. */
export function sunDeal(r: Rng, n: number, bias: number): ReferencePosition {
  const leader = r.int(4);
  const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
  const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(bias + 1)]));
  // The strongest cards go to the claimers with probability growing with the bias.
  deck.sort((a, b) => key.get(b)! - key.get(a)!);
  const hands = [0, 0, 0, 0];
  const quota = [n, n, n, n];
  const claimers = [leader, (leader + 2) & 3];
  const opponents = [(leader + 1) & 3, (leader + 3) & 3];
  for (const c of deck) {
    const side = r.int(10) < 5 + (bias > 0 ? 2 : 0) ? claimers : opponents;
    let seat = side[r.int(2)]!;
    if (quota[seat] === 0) seat = side[0] === seat ? side[1]! : side[0]!;
    if (quota[seat] === 0) seat = [0, 1, 2, 3].find((s) => quota[s]! > 0)!;
    hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
    quota[seat]!--;
  }
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  return { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
}

describe("baloot Sawa refutations before the search: sound against brute force", function () {
  this.timeout(120_000);

  it("guarded suits (sawaSunGuards.ts): 6,000 Sun deals of 3 to 8 cards, never refutes a valid claim", () => {
    const r = createRng(seedState("sawa-guards"));
    let refuted = 0;
    let checked = 0;
    let valid = 0;
    for (let i = 0; i < 6000; i++) {
      const n = 3 + (i % 6);
      const p = sunDeal(r, n, i % 3 === 0 ? 0 : 6);
      const says = guardsRefute(p.hands, p.leader, n);
      // Brute force on every refuted deal, and on a share of the others (8-card searches are slow).
      if (!says && n > 6 && i % 4 !== 0) continue;
      const expected = referenceSawa(p);
      checked++;
      if (expected) valid++;
      if (says) {
        refuted++;
        assert.equal(expected, false, `guardsRefute refuted a valid claim: ${JSON.stringify(p)}`);
      }
    }
    assert.ok(refuted > 500, `the bound fired ${refuted} times`);
    assert.ok(valid > 300, `${valid} valid claims among ${checked} checked`);
  });
});
