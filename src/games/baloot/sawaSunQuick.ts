/**
 * The quick answers of the Sun Sawa search (sawaSun.ts), tried at every trick boundary before the
 * cache and the search: each settles a position, or narrows the leads worth searching, with a few
 * 32-bit operations on all four suits at once (sawaSunLanes.ts).
 *  - valid: the claimers' every card beats every opponent card of its suit; or the leader cashes
 *    every suit from the top (suits falling by length) while his partner plays under; or he hands
 *    the lead to his partner, who then cashes so (transferCashes);
 *  - invalid: the blocked-suit counts (an opponent holding the top card of a suit the claimers
 *    hold; the leader's stuck cards, there and below an opponent's guard, when his partner can
 *    never take the lead), no lead that keeps the trick, and the guarded-suit count of
 *    sawaSunGuards.ts (tighter with a locked partner);
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
  if (leadable + (tail > 0 ? tail : 0) < left) return -1;
  // No lead keeps the trick: invalid (checked before the guards, which cost more).
  if (safe === 0) return -1;
  //  - A partner who can never take a trick the leader leads (leaderStuck) leaves the leader's
  //    stuck cards to be led: invalid when the opponents keep their cards long enough. Tried only
  //    when none of the partner's cards above one of the leader's (unblocked suits) tops the
  //    opponents, and after the cheaper refutations (tried first, it cost more than it saved).
  if ((p & smearUp(m) & ~blockedLanes & ~oDown) === 0 && leaderStuck(m, p, o, oDown, a, b, pm, blockedLanes)) return -1;
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
  if (transferCashes(m, p, a, b, oDown)) return 1;
  sunQuickSafe.leads = safe;
  return 0;
}

/**
 * Valid when the leader can hand the lead to his partner, who then cashes every card from the top
 * while the leader plays under (the cash-out above with the roles swapped). In a suit where the
 * partner holds a card above the opponents' best (or they hold none) and above the leader's lowest
 * card x there, the leader leads x and the partner takes the trick with y, his lowest such card;
 * the opponents follow or discard as they like. The partner then leads the rest: each cash-out
 * condition holds against every opponent hand with fewer cards when it holds against the whole
 * hand (an opponent with fewer cards of a suit keeps less of it), so it is checked on the hands
 * before the trick, with x and y gone from the claimers'.
 */
function transferCashes(m: number, p: number, a: number, b: number, oDown: number): boolean {
  for (let shift = 0; shift < 32; shift += 8) {
    const ml = (m >>> shift) & 0xff;
    if (ml === 0) continue;
    const x = ml & -ml;
    // The partner's cards above x and above every opponent card of the suit.
    const over = (p >>> shift) & 0xff & ~((x << 1) - 1) & ~((oDown >>> shift) & 0xff);
    if (over === 0) continue;
    const p2 = p & ~((over & -over) << shift);
    const m2 = m & ~(x << shift);
    if (!cashFails(p2, a) && !cashFails(p2, b) && underplays(toNatural(p2), toNatural(m2))) return true;
  }
  return false;
}

/** UNDERPLAY_PLAIN on each suit of the leader's and the partner's hands (natural masks). */
function underplays(mine: number, partner: number): boolean {
  for (let shift = 0; shift < 32; shift += 8) {
    if (UNDERPLAY_PLAIN[(((mine >>> shift) & 0xff) << 8) | ((partner >>> shift) & 0xff)] === 0) return false;
  }
  return true;
}

/**
 * The leader's stuck cards (sound, with this defence: each opponent follows with his lowest card
 * unless he can take the trick, and keeps his "kept" cards while he holds any other).
 * Until the partner takes a trick, the leader leads every one, and the partner takes one only with
 * a card above the lead (nothing else beats a lead in Sun). Per suit the leader holds but no
 * opponent tops, with Y the opponents' best card of it, held by X with ℓ cards of it, and the
 * partner's cards all below Y (or none), of the leader's n cards h above Y:
 *  - guard (ℓ ≥ h + 1, h < n): a lead below Y loses while X holds Y (he plays it; nothing of the
 *    claimers beats it), so each lead the claimers win is above Y and X follows it with his lowest;
 *    X keeps h + 1 cards of it (Y among them), and the leader's n - h cards below Y are stuck;
 *  - long (ℓ ≥ n): X follows each of the leader's leads and keeps Y to the last, so the partner
 *    never beats one (below Y, he is below the leader's lead or X's Y).
 * Any other suit where the partner holds a card above one of the leader's lets him in: no answer.
 * Stuck (β): the leader's cards in blocked suits (an opponent keeps the top) and guards' low cards.
 * Opponent X keeps his tops of blocked suits the leader holds (t_X), h + 1 cards per guard (g_X of
 * them) and n per long suit; a lead outside his guard and long suits takes at most one other card
 * of his, and the leader holds left - β - (his cards above Y there, n per long suit) such cards: X
 * keeps everything through the first left - β tricks when β ≥ t_X + g_X, which always holds (each
 * such top has a stuck card of the leader's under it, each guard at least one). Then the leader
 * holds only stuck cards, and his lead loses: one stuck card refutes the claim. (With no guards or
 * long suits: the partner below the leader's cards in every unblocked suit, as in round 8.)
 */
function leaderStuck(m: number, p: number, o: number, oDown: number, a: number, b: number, pm: number, blockedLanes: number): boolean {
  const heldA = lanes(topCards(o) & a);
  const length = (lanePop(a) & heldA) | (lanePop(b) & ~heldA);
  const covered = lanes(o) & lanes(m) & ~blockedLanes & ~lanes(p & ~oDown);
  const high = lanePop(m & ~oDown);
  const guards = covered & laneAtLeast(length, high + 0x01010101) & ~laneAtLeast(high, pm);
  const long = covered & ~guards & laneAtLeast(length, pm);
  if ((p & smearUp(m) & ~blockedLanes & ~guards & ~long) !== 0) return false;
  return ((m & blockedLanes) | (m & smearDown(o) & guards)) !== 0;
}
