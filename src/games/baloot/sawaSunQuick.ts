/**
 * The quick answers of the Sun Sawa search (sawaSun.ts), tried at every trick boundary before the
 * cache and the search: each settles a position, or narrows the leads worth searching, with a few
 * 32-bit operations on all four suits at once (sawaSunLanes.ts).
 *  - valid: the claimers' every card beats every opponent card of its suit; or the leader cashes
 *    every suit from the top (suits falling by length) while his partner plays under;
 *  - invalid: the blocked-suit counts (an opponent holding the top card of a suit the claimers
 *    hold; the leader's own cards there when his partner can never take the lead), no lead that
 *    keeps the trick, and the guarded-suit count of sawaSunGuards.ts (tighter with a locked partner);
 *  - otherwise the leads that keep the trick (the lead or the partner's best card of its suit tops
 *    the opponents' best, or they have none).
 * Each is checked alone against brute force (test/games/baloot/sawaBounds.test.ts).
 */
import { UNDERPLAY_PLAIN } from "./sawaTables.js";
import { guardsRefuteLanes } from "./sawaSunGuards.js";
import { cashFails, laneAtLeast, lanePop, laneSum, lanes, smearDown, smearUp, toNatural, toStrength, topCards } from "./sawaSunLanes.js";

/** The leads that keep the trick, set by sunQuickAnswer for a position it leaves undecided. */
export const sunQuickSafe = { leads: 0 };

/**
 * +1 valid, -1 invalid, 0 undecided (then `sunQuickSafe.leads` holds the leads to search); `h` the
 * four hands. All four suits at once, as strength lanes (sawaSunLanes.ts).
 */
export function sunQuickAnswer(h: Int32Array, leader: number): number {
  const mine = h[leader]!;
  const m = toStrength(mine);
  const p = toStrength(h[(leader + 2) & 3]!);
  const a = toStrength(h[(leader + 1) & 3]!);
  const b = toStrength(h[(leader + 3) & 3]!);
  const o = a | b;
  const t = m | p;
  const oDown = smearDown(o);
  const oLanes = lanes(oDown & 0x01010101);
  // The cards above the opponents' best of each suit they hold.
  const aboveOpp = ~oDown & oLanes;
  // Valid when every claimer card beats every opponent card of its suit.
  if ((t & ~aboveOpp & oLanes) === 0) return 1;
  // The leads that keep the trick: any where the opponents are void, else the leader's cards above
  // their best, or all his cards of the suit when his partner holds one above it.
  const safe = toNatural(m & (~oLanes | lanes(p & aboveOpp) | aboveOpp));
  // Per suit: does a claimer or an opponent hold the top card left (`topBit`, one bit a lane)?
  const topBit = topCards(t | o);
  const pm = lanePop(m);
  const pp = lanePop(p);
  const longer = laneAtLeast(pm, pp);
  const most = (pm & longer) | (pp & ~longer);
  // Counting bounds. An opponent holding the top card left of a suit keeps it while he holds any
  // other card (he follows the suits the claimers lead with his other cards and throws those when
  // void), and a lead there would lose. With M the most tops one opponent holds, every lead but
  // those of the last M - 1 tricks is in a suit whose top the claimers hold ("leadable").
  //  - At most one card of a blocked suit goes per such trick (the partner's discard), two in the
  //    last M - 1 tricks: more blocked cards than that → invalid.
  //  - A suit is led at most max(leader's, partner's cards of it) times (both follow suit each
  //    time): fewer leadable tricks than that sum, plus the last M - 1 → invalid.
  const leadable = laneSum(most & lanes(topBit & t));
  const blockedLanes = lanes(topBit & o);
  const blocked = laneSum((pm + pp) & blockedLanes);
  // Only tops of suits the claimers hold count (M): one of another suit is as idle as any card.
  const claimed = lanes(t);
  const topsA = laneSum(lanePop(topBit & a & claimed));
  const topsB = laneSum(lanePop(topBit & b & claimed));
  const tail = (topsA > topsB ? topsA : topsB) - 1;
  const left = laneSum(pm);
  if (blocked > left + tail) return -1;
  //  - A partner whose cards are below the leader's in every suit no opponent tops never takes a
  //    trick before the last M - 1 (he cannot beat a lead there, and a lead of a blocked suit
  //    loses), so the leader leads each of the first left - M + 1 tricks with a card outside the
  //    blocked suits: more of his cards in them than M - 1 → invalid (one is enough when M ≤ 1).
  if ((p & smearUp(m) & ~blockedLanes) === 0 && laneSum(pm & blockedLanes) > (tail > 0 ? tail : 0)) return -1;
  if (leadable + (tail > 0 ? tail : 0) < left) return -1;
  // No lead keeps the trick: invalid (checked before the guards, which cost more).
  if (safe === 0) return -1;
  // (The refutations above come first: most positions that reach here are refuted, and every
  // answer is sound, so the order changes no answer.)
  // Valid when the leader can cash every suit from the top (cashFails: each card he leads beats
  // what an opponent can still hold of the suit; an opponent follows every round, so with n cards
  // he keeps at most his best for round n) and his partner can always play under (UNDERPLAY_PLAIN:
  // the partner follows from the bottom and, when void, throws a card of a suit where he is longer
  // than the leader; there always is one then: both hold as many cards as tricks are left).
  if (!cashFails(m, a) && !cashFails(m, b) && underplays(mine, h[(leader + 2) & 3]!)) return 1;
  // The partner can take a trick the leader leads only with a card above one of the leader's cards
  // of its suit (in Sun nothing else beats a lead); a locked partner never gets the lead: every
  // trick is the leader's lead (a tighter count).
  const partnerLocked = (p & smearUp(m)) === 0;
  if (guardsRefuteLanes(m, p, a, b, pm, pp, left, partnerLocked)) return -1;
  sunQuickSafe.leads = safe;
  return 0;
}

/** UNDERPLAY_PLAIN on each suit of the leader's and the partner's hands (natural masks). */
function underplays(mine: number, partner: number): boolean {
  for (let shift = 0; shift < 32; shift += 8) {
    if (UNDERPLAY_PLAIN[(((mine >>> shift) & 0xff) << 8) | ((partner >>> shift) & 0xff)] === 0) return false;
  }
  return true;
}
