/**
 * The quick answers of the Sun Sawa search (sawaSun.ts), tried at every trick boundary before the
 * cache and the search: each settles a position, or narrows the leads worth searching, in one pass
 * over the four suits.
 *  - valid: the claimers' every card beats every opponent card of its suit; or the leader cashes
 *    every suit from the top (suits falling by length) while his partner plays under;
 *  - invalid: the blocked-suit counts (an opponent holding a suit's top card), no lead that keeps
 *    the trick, and the guarded-suit count of sawaSunGuards.ts (tighter with a locked partner);
 *  - otherwise the leads that keep the trick (the lead or the partner's best card of its suit tops
 *    the opponents' best, or they have none).
 * Each is checked alone against brute force (test/games/baloot/sawaBounds.test.ts).
 */
import { ABOVE_TOP_PLAIN, CASH_PLAIN, LOW_STRENGTH_PLAIN, POP8, TOP_PLAIN, TOP_STRENGTH_PLAIN, UNDERPLAY_PLAIN } from "./sawaTables.js";
import { guardsRefute } from "./sawaSunGuards.js";

/** The leads that keep the trick, set by sunQuickAnswer for a position it leaves undecided. */
export const sunQuickSafe = { leads: 0 };

/**
 * +1 valid, -1 invalid, 0 undecided (then `sunQuickSafe.leads` holds the leads to search); `h` the
 * four hands.
 */
export function sunQuickAnswer(h: Int32Array, leader: number): number {
  const mine = h[leader]!;
  const partner = h[(leader + 2) & 3]!;
  const nextOpp = h[(leader + 1) & 3]!;
  const lastOpp = h[(leader + 3) & 3]!;
  // Quick answers and the safe leads, suit by suit (one table lookup per question: sawaTables.ts).
  let teamWins = true;
  let leaderRuns = true;
  let safe = 0;
  let blocked = 0;
  let topsA = 0;
  let topsB = 0;
  let leadable = 0;
  let partnerLocked = true;
  for (let shift = 0; shift < 32; shift += 8) {
    const m = (mine >>> shift) & 0xff;
    const p = (partner >>> shift) & 0xff;
    const a = (nextOpp >>> shift) & 0xff;
    const b = (lastOpp >>> shift) & 0xff;
    const o = a | b;
    // The partner can take a trick the leader leads only with a card above one of the leader's
    // cards of its suit (in Sun nothing else beats a lead).
    if (TOP_STRENGTH_PLAIN[p]! > LOW_STRENGTH_PLAIN[m]!) partnerLocked = false;
    // Valid when the leader can cash every suit from the top (CASH_PLAIN: each card he leads beats
    // what an opponent can still hold of the suit; an opponent follows every round, so with n
    // cards he keeps at most his best for round n) and his partner can always play under
    // (UNDERPLAY_PLAIN): the partner follows from the bottom and, when void, throws a card of a
    // suit where he is longer than the leader (there always is one then: both hold as many cards
    // as tricks are left).
    if (m !== 0 && leaderRuns) {
      const mm = m << 8;
      // (Every card of his above the opponents' best settles the suit without the length tables.)
      if (o !== 0 && (m & ~ABOVE_TOP_PLAIN[o]!) !== 0 && (CASH_PLAIN[mm | a]! & CASH_PLAIN[mm | b]!) === 0) {
        leaderRuns = false;
      } else if (UNDERPLAY_PLAIN[mm | p] === 0) leaderRuns = false;
    }
    const pm = POP8[m]!;
    const pp = POP8[p]!;
    if (o === 0) {
      safe |= m << shift;
      leadable += pm > pp ? pm : pp;
      continue;
    }
    const aboveOpp = ABOVE_TOP_PLAIN[o]!;
    const t = m | p;
    if ((t & ~aboveOpp) !== 0) teamWins = false;
    if ((aboveOpp >> TOP_PLAIN[p]!) & 1) safe |= m << shift;
    else safe |= (m & aboveOpp) << shift;
    // An opponent holds the top card left of the suit: the claimers cannot lead it while he keeps it.
    const top = TOP_PLAIN[t | o]!;
    if ((t >> top) & 1) {
      leadable += pm > pp ? pm : pp;
      continue;
    }
    if ((a >> top) & 1) topsA++;
    else topsB++;
    blocked += pm + pp;
  }
  if (teamWins || leaderRuns) return 1;
  // Counting bounds. An opponent holding the top card left of a suit keeps it while he holds any
  // other card (he follows the suits the claimers lead with his other cards and throws those when
  // void), and a lead there would lose. With M the most tops one opponent holds, every lead but
  // those of the last M - 1 tricks is in a suit whose top the claimers hold ("leadable").
  //  - At most one card of a blocked suit goes per such trick (the partner's discard), two in the
  //    last M - 1 tricks: more blocked cards than that → invalid.
  //  - A suit is led at most max(leader's, partner's cards of it) times (both follow suit each
  //    time): fewer leadable tricks than that sum, plus the last M - 1 → invalid.
  const tail = (topsA > topsB ? topsA : topsB) - 1;
  const left = POP8[mine & 0xff]! + POP8[(mine >>> 8) & 0xff]! + POP8[(mine >>> 16) & 0xff]! + POP8[mine >>> 24]!;
  if (blocked > left + tail) return -1;
  if (leadable + (tail > 0 ? tail : 0) < left) return -1;
  // No lead keeps the trick: invalid (checked before the guards, which cost more).
  if (safe === 0) return -1;
  // A locked partner never gets the lead: every trick is the leader's lead (a tighter count).
  if (guardsRefute(h, leader, left, partnerLocked)) return -1;
  sunQuickSafe.leads = safe;
  return 0;
}
