/**
 * Sun claims refuted sooner: a refutation the one-guard count does not see (twoGuardsRefute), and
 * fewer claimer cards to refute one by one (partnerChoices, leadChoices: of a claimer's cards of a
 * suit below all of the other claimer's, only the lowest is tried).
 *
 * One opponent guarding two suits at once (the end of sawaSunGuards.ts's count). Sound, with this defence: opponent O picks two suits s1, s2, follows every lead
 * with his lowest card unless he can take the trick, discards from his other suits while he has
 * any, and then from s1 (lowest first) while he has slack there, else from s2.
 *
 * Per suit s_i, as in the one-guard count: O holds ℓ_i cards of it, best g_i; k_i < ℓ_i is the
 * number of leads of s_i the claimers can win while O keeps g_i. O keeps g_i while his plays of s_i
 * (follows and discards) stay below ℓ_i; the claimers' first k_i won leads take k_i of them, so he
 * may discard slack_i = ℓ_i - k_i - 1 cards of s_i and still hold g_i for a (k_i + 1)-th lead,
 * which the claimers lose.
 *
 * Counting: every trick is the claimers' lead. A lead of another suit costs O one of his r other
 * cards (he follows or discards) while he has any, and only then a card of s1 or s2; the claimers
 * can lead the other suits at most C times (per suit its cap: the larger of the claimers' lengths
 * there, or the leader's alone with a locked partner; the other opponent's guard of one of them,
 * which holds whatever O does, cuts its cap). When C ≤ r + slack_1 + slack_2, O never gives up a
 * guard, so the claimers win at most k_1 + k_2 + C ≤ left - 2 tricks (r = left - ℓ_1 - ℓ_2): the
 * claim fails. So the test is k_1 + k_2 + C ≤ left - 2. With k_i = 0 (O holds the top card left
 * of s_i) this covers blocked suits too.
 *
 * Only suits whose cut is positive are paired (cut = cap - k > 0: the guard matters for the count),
 * so the rule reads the one-guard count's cuts: with caps adding up to `base`, a pair of O's cuts
 * c1, c2 and the other opponent's largest cut c' in the two other suits refute when
 * base - c1 - c2 - c' ≤ left - 2. test/games/baloot/sawaRefute.test.ts checks it against brute force.
 */
import { lanes, smearUp, toNatural, toStrength } from "./sawaSunLanes.js";

/**
 * True when one opponent's guards in two suits refute the claim (see above). `cutsA`, `cutsB`: each
 * opponent's cut per lane (sawaSunGuards.ts), `base` the caps' sum, `left` the tricks to go.
 */
export function twoGuardsRefute(cutsA: number, cutsB: number, base: number, left: number): boolean {
  const most = base - left + 2;
  return twoGuards(cutsA, cutsB, most) || twoGuards(cutsB, cutsA, most);
}

/** Some pair of `cuts`' suits, with `other`'s largest cut in the two other suits, adds up to `most`. */
function twoGuards(cuts: number, other: number, most: number): boolean {
  const c0 = cuts & 0xff;
  const c1 = (cuts >>> 8) & 0xff;
  const c2 = (cuts >>> 16) & 0xff;
  const c3 = cuts >>> 24;
  // Fewer than two cuts: no pair (the usual case).
  if ((c0 === 0 ? 0 : 1) + (c1 === 0 ? 0 : 1) + (c2 === 0 ? 0 : 1) + (c3 === 0 ? 0 : 1) < 2) return false;
  const o0 = other & 0xff;
  const o1 = (other >>> 8) & 0xff;
  const o2 = (other >>> 16) & 0xff;
  const o3 = other >>> 24;
  // A pair with a zero cut never reaches `most` where the pair's best single cut does not already
  // refute (the one-guard count), so every pair can be summed as is.
  return (
    c0 + c1 + (o2 > o3 ? o2 : o3) >= most ||
    c0 + c2 + (o1 > o3 ? o1 : o3) >= most ||
    c0 + c3 + (o1 > o2 ? o1 : o2) >= most ||
    c1 + c2 + (o0 > o3 ? o0 : o3) >= most ||
    c1 + c3 + (o0 > o2 ? o0 : o2) >= most ||
    c2 + c3 + (o0 > o1 ? o0 : o1) >= most
  );
}

/**
 * The partner's cards worth trying in a Sun trick the claimers lead (sawaSun.ts), from `options`
 * (one card per run of his playable cards): of his cards of a suit below every card `ref` holds of
 * it (`ref`: the trick's leader's remaining cards, plus his lead while it wins the trick; every
 * card of the suit when `ref` holds none), only the lowest. Keeping a higher such card y instead of
 * a lower one x is never worse for the claimers: wherever they would play x, y does the same (a
 * lead of the suit by the leader, or his follow of the partner's lead, beats both; a lead by the
 * partner that x takes, y takes too, since the leader's cards of the suit are above both and an
 * opponent's card above x would have lost the trick anyway; a discard is a discard), and the
 * opponents' legal cards are the same. Where the partner plays one of them now the trick goes the
 * same way (a discard, or a card below the winning lead), so the lowest answers for all.
 * Natural masks.
 */
export function partnerChoices(options: number, hand: number, ref: number): number {
  const o = toStrength(options);
  const below = toStrength(hand) & ~smearUp(toStrength(ref));
  const up = smearUp(below);
  const lowest = up & ~((up << 1) & 0xfefefefe);
  return toNatural((o & ~below) | (lowest & lanes(o)));
}

/**
 * The leader's leads worth trying (sawaSun.ts), from `leads` (one card per run of his safe leads):
 * of his cards of a suit below every card his partner holds of it (the partner holding some), only
 * the lowest. Any of them draws a higher card from the partner, so the trick goes the same way
 * whichever he leads; and keeping the higher one is never worse (partnerChoices with the roles
 * swapped). They are all safe leads or none is (the partner's cards top the opponents' or not), so
 * the lowest is one when another is. Natural masks.
 */
export function leadChoices(leads: number, mine: number, partner: number): number {
  const o = toStrength(leads);
  const p = toStrength(partner);
  const below = toStrength(mine) & ~smearUp(p) & lanes(p);
  const up = smearUp(below);
  const lowest = up & ~((up << 1) & 0xfefefefe);
  return toNatural((o & ~below) | (lowest & lanes(o & below)));
}
