/**
 * A counting refutation of Sun claims (guarded suits), checked before any search. Sound, with this
 * defence: each opponent picks one suit s to guard, follows every lead with his lowest card unless
 * he can take the trick, and discards from s only when he holds nothing else.
 *
 * Guard: opponent O holds ℓ cards of s, his best is g, and the claimers hold m cards of s above g,
 * ALL in the hand of the claimer O plays right after (H). When m < ℓ the claimers win at most m
 * leads of s: while O holds g, a lead by H must be one of those cards (else O plays g, and H's
 * partner, between O and the other opponent, has none above it), and on a lead by H's partner O
 * plays last, so H must beat g with one of them; O keeps g to his last card unless a lead of s
 * takes it (he plays his lowest, and discards from s only when all his cards are of s, when the
 * hand ends with his last one), and that needs ℓ - 1 such leads first. (With a card above g in
 * the other claimer's hand, O plays second in front of it on H's leads and the claimers take the
 * trick without spending it: no bound.)
 *
 * Counting: every trick is led by the claimers, and a suit is led at most max(leader's, partner's
 * cards of it) times (each lead takes one card of it from each of them holding some). The leads of
 * each suit, capped by both limits, must add up to the tricks left; discards then always balance
 * (each claimer's cards of a suit led less often than he holds it go on the leads of suits he lacks,
 * exactly as many). With m = 0 (an opponent holds the top card) this is the blocked-suit bound.
 */
import { PLAIN_RANK_STRENGTH, TOP_PLAIN } from "./sawaTables.js";

const POP = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x !== 0; x &= x - 1) n++;
  return n;
});

/** Ranks above rank r in the plain order, as a suit byte. */
const ABOVE = Uint8Array.from({ length: 8 }, (_, r) => {
  let m = 0;
  for (let o = 0; o < 8; o++) if (PLAIN_RANK_STRENGTH[o]! > PLAIN_RANK_STRENGTH[r]!) m |= 1 << o;
  return m;
});

/**
 * Largest number of leads of a suit the claimers can win against a guard by `opp` (his suit byte),
 * who plays right after the claimer holding `front`, the other claimer holding `behind`; 8 = no guard.
 */
function guardCap(opp: number, front: number, behind: number): number {
  if (opp === 0) return 8;
  const above = ABOVE[TOP_PLAIN[opp]!]!;
  if ((behind & above) !== 0) return 8;
  const m = POP[front & above]!;
  return m < POP[opp]! ? m : 8;
}

const capA = new Int8Array(4);
const capB = new Int8Array(4);
const caps = new Int8Array(4);

/**
 * True when the claim (leader's side, `left` tricks to go, hands in seat order) certainly fails:
 * for some choice of guarded suits, the leads the claimers can win add up to fewer than `left`.
 */
export function guardsRefute(hands: ArrayLike<number>, leader: number, left: number): boolean {
  const mine = hands[leader]!;
  const partner = hands[(leader + 2) & 3]!;
  const a = hands[(leader + 1) & 3]!;
  const b = hands[(leader + 3) & 3]!;
  let base = 0;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const m = (mine >>> shift) & 0xff;
    const p = (partner >>> shift) & 0xff;
    const pm = POP[m]!;
    const pp = POP[p]!;
    const cap = pm > pp ? pm : pp;
    caps[s] = cap;
    base += cap;
    // The opponent after the leader plays right after him; the other one right after the partner.
    capA[s] = guardCap((a >>> shift) & 0xff, m, p);
    capB[s] = guardCap((b >>> shift) & 0xff, p, m);
  }
  if (base < left) return true;
  // The two guards that cut the most leads: in different suits, or both in one.
  let best = 0;
  for (let s = 0; s < 4; s++) {
    const c = caps[s]!;
    const ra = c - (capA[s]! < c ? capA[s]! : c);
    const both = capA[s]! < capB[s]! ? capA[s]! : capB[s]!;
    const rab = c - (both < c ? both : c);
    if (rab > best) best = rab;
    for (let t = 0; t < 4; t++) {
      if (t === s) continue;
      const ct = caps[t]!;
      const rb = ct - (capB[t]! < ct ? capB[t]! : ct);
      if (ra + rb > best) best = ra + rb;
    }
  }
  return base - best < left;
}
