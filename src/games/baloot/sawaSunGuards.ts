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
import { ABOVE_TOP_PLAIN as ABOVE_TOP, POP8 as POP } from "./sawaTables.js";

/**
 * Largest number of leads of a suit the claimers can win against a guard by `opp` (his suit byte),
 * who plays right after the claimer holding `front`, the other claimer holding `behind`; 8 = no guard.
 */
function guardCap(opp: number, front: number, behind: number): number {
  if (opp === 0) return 8;
  const above = ABOVE_TOP[opp]!;
  let k = POP[(front | behind) & above]!;
  // A card above g behind him lets the front hand's low leads through (he plays before it).
  if ((behind & above) !== 0) k += POP[front & ~above]!;
  return k < POP[opp]! ? k : 8;
}

/**
 * True when the claim (leader's side, `left` tricks to go, hands in seat order) certainly fails:
 * for some choice of guarded suits (one per opponent, or both in one suit), the leads the claimers
 * can win add up to fewer than `left`.
 *
 * `leaderOnly`: the partner can never take a trick (each of his cards is below every card the
 * leader holds of its suit, see sawaSun.ts), so the leader leads every trick and a suit is led at
 * most as often as the leader holds it: the caps are his lengths, which add up to `left` exactly.
 */
export function guardsRefute(hands: ArrayLike<number>, leader: number, left: number, leaderOnly = false): boolean {
  const mine = hands[leader]!;
  const partner = hands[(leader + 2) & 3]!;
  const a = hands[(leader + 1) & 3]!;
  const b = hands[(leader + 3) & 3]!;
  let base = 0;
  // The largest and second largest cut of each opponent's guard, and the suit of the largest.
  let a1 = 0;
  let a2 = 0;
  let aSuit = -1;
  let b1 = 0;
  let b2 = 0;
  let bSuit = -1;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const m = (mine >>> shift) & 0xff;
    const p = (partner >>> shift) & 0xff;
    const pm = POP[m]!;
    const pp = POP[p]!;
    const cap = leaderOnly || pm > pp ? pm : pp;
    if (cap === 0) continue;
    base += cap;
    // The opponent after the leader plays right after him; the other one right after the partner.
    const ga = guardCap((a >>> shift) & 0xff, m, p);
    const gb = guardCap((b >>> shift) & 0xff, p, m);
    if (ga < cap) {
      const cut = cap - ga;
      if (cut > a1) {
        a2 = a1;
        a1 = cut;
        aSuit = s;
      } else if (cut > a2) a2 = cut;
    }
    if (gb < cap) {
      const cut = cap - gb;
      if (cut > b1) {
        b2 = b1;
        b1 = cut;
        bSuit = s;
      } else if (cut > b2) b2 = cut;
    }
  }
  if (base < left) return true;
  // Both opponents guarding one suit cut it down to the smaller cap; one guard each, in two
  // different suits, cut both.
  const both = a1 > b1 ? a1 : b1;
  if (both === 0) return false;
  let pair: number;
  if (aSuit !== bSuit) pair = a1 + b1;
  else pair = a1 + b2 > a2 + b1 ? a1 + b2 : a2 + b1;
  return base - (pair > both ? pair : both) < left;
}
