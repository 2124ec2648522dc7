/**
 * A counting refutation of Sun claims (guarded suits), checked before any search. Sound, with this
 * defence: each opponent picks one suit s to guard, follows every lead with his lowest card unless
 * he can take the trick, and discards from s only when he holds nothing else.
 *
 * Guard: opponent O holds ℓ cards of s, his best is g; the claimers hold m cards of s above g; H is
 * the claimer O plays right after, H' the other one. Every lead of s while O holds g is one of:
 *  - a lead by H' (O plays last): won only if one of the m cards falls on it;
 *  - a lead by H of one of the m cards;
 *  - a lead by H of a lower card: won only if H' holds one of the m cards (else O plays g and
 *    takes it); at most H's number of cards of s below g.
 * So with k = m (+ H's cards below g when H' holds one of the m) and k < ℓ, the claimers win at
 * most k leads of s: O keeps g to his last card unless a lead of s takes it (he plays his lowest
 * unless g takes the trick, and discards from s only when all his cards are of s, when the hand
 * ends with his last one), and g falls to a lead only once he has followed ℓ - 1 times.
 *
 * Counting: every trick is led by the claimers, and a suit is led at most max(leader's, partner's
 * cards of it) times (each lead takes one card of it from each of them holding some). The leads of
 * each suit, capped by both limits, must add up to the tricks left; discards then always balance
 * (each claimer's cards of a suit led less often than he holds it go on the leads of suits he lacks,
 * exactly as many). With m = 0 (an opponent holds the top card) this is the blocked-suit bound.
 */
import { laneAtLeast, lanePop, laneSum, lanes, smearDown, toStrength } from "./sawaSunLanes.js";
import { twoGuardsRefute } from "./sawaRefute.js";

/**
 * True when the claim (leader's side, `left` tricks to go, hands in seat order) certainly fails:
 * for some choice of guarded suits (one per opponent, or both in one suit), the leads the claimers
 * can win add up to fewer than `left`.
 *
 * `leaderOnly`: the partner can never take a trick (each of his cards is below every card the
 * leader holds of its suit, see sawaSunQuick.ts), so the leader leads every trick and a suit is led
 * at most as often as the leader holds it: the caps are his lengths, which add up to `left` exactly.
 */
export function guardsRefute(hands: ArrayLike<number>, leader: number, left: number, leaderOnly = false): boolean {
  const m = toStrength(hands[leader]!);
  const p = toStrength(hands[(leader + 2) & 3]!);
  return guardsRefuteLanes(m, p, toStrength(hands[(leader + 1) & 3]!), toStrength(hands[(leader + 3) & 3]!), lanePop(m), lanePop(p), left, leaderOnly);
}

/**
 * Per lane, the cut a guard by `opp` takes off the suit's cap: cap - k when he guards it (k, the
 * leads of it the claimers can win, below his length), else 0. He plays right after the claimer
 * holding `front`, the other claimer holds `behind` (strength lanes).
 */
function guardCuts(opp: number, front: number, behind: number, cap: number): number {
  const above = ~smearDown(opp) & lanes(opp);
  let k = lanePop((front | behind) & above);
  // A card above g behind him lets the front hand's low leads through (he plays before it).
  k += lanePop(front & ~above) & lanes(behind & above);
  const guarded = ~laneAtLeast(k, lanePop(opp));
  return (((cap | 0x80808080) - k) & 0x7f7f7f7f & laneAtLeast(cap, k) & guarded) >>> 0;
}

/** `guardsRefute` on strength lanes (sawaSunLanes.ts), with the leader's and partner's lane counts. */
export function guardsRefuteLanes(m: number, p: number, a: number, b: number, pm: number, pp: number, left: number, leaderOnly: boolean): boolean {
  let cap = pm;
  if (!leaderOnly) {
    const longer = laneAtLeast(pm, pp);
    cap = (pm & longer) | (pp & ~longer);
  }
  const base = laneSum(cap);
  if (base < left) return true;
  // The opponent after the leader plays right after him; the other one right after the partner.
  const cutsA = guardCuts(a, m, p, cap);
  const cutsB = guardCuts(b, p, m, cap);
  if ((cutsA | cutsB) === 0) return false;
  // The largest and second largest cut of each opponent's guard, and the suit of the largest.
  let a1 = 0;
  let a2 = 0;
  let aSuit = -1;
  let b1 = 0;
  let b2 = 0;
  let bSuit = -1;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const ca = (cutsA >>> shift) & 0xff;
    const cb = (cutsB >>> shift) & 0xff;
    if (ca > a1) {
      a2 = a1;
      a1 = ca;
      aSuit = s;
    } else if (ca > a2) a2 = ca;
    if (cb > b1) {
      b2 = b1;
      b1 = cb;
      bSuit = s;
    } else if (cb > b2) b2 = cb;
  }
  // Both opponents guarding one suit cut it down to the smaller cap; one guard each, in two
  // different suits, cut both.
  const both = a1 > b1 ? a1 : b1;
  let pair: number;
  if (aSuit !== bSuit) pair = a1 + b1;
  else pair = a1 + b2 > a2 + b1 ? a1 + b2 : a2 + b1;
  if (base - (pair > both ? pair : both) < left) return true;
  // One opponent guarding two suits (sawaRefute.ts).
  return twoGuardsRefute(cutsA, cutsB, base, left);
}
