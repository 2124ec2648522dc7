/**
 * A quick "valid" answer for Sun claims, tried by the Sun search (sawaSun.ts) at the root of a claim
 * its quick answers leave open, before its cache and search: a line of sure tricks after which
 * the side on lead cashes everything (the leader's cash-out of sawaSunQuick.ts). A valid claim is
 * proved by one line of the claimers against every defence, and most such lines are a few sure
 * tricks, a hand-over to the partner (and back), then a cash-out.
 *
 * The line, from a position with the claimers on lead: the cash-out if it holds; else each
 * hand-over in turn, then the partner's line; else one cash, then the line goes on:
 *  - a hand-over: the side on lead leads his lowest card x of a suit where his partner holds a card
 *    above x and above every card the opponents may hold of it; the partner takes the trick with
 *    his lowest such card, and leads next;
 *  - a cash, in the first suit where the side on lead holds a card above every card the opponents
 *    may hold of it and his partner can follow below it or is void: he leads his lowest such card,
 *    his partner follows with his lowest card of the suit, or, void, throws a card he cannot cash
 *    (the lowest of a suit where his best is below the opponents' best, else of his longest suit).
 * Each trick removes a card from each hand, so the line ends.
 *
 * Why the opponents' play does not matter (sound for every defence): the cash-out, and which cards
 * are "above every card they may hold", depend on each opponent's hand only through his length and
 * best card in each suit, and get easier with fewer or lower cards (cashFails, sawaSunLanes.ts). So
 * the line tracks, per opponent, hands that dominate the real ones suit by suit (at least as long, a
 * best card at least as high): at the start his real hand; after a trick in suit s, the same hand
 * minus its lowest card of s. A real opponent holding s follows with some card of s (one fewer, best
 * no higher); one void in s discards elsewhere (his s length stays 0). Every trick of the line is won
 * by the claimers whatever the opponents play, and the claimers' hands stay of equal size (the
 * cash-out's partner argument needs that).
 * test/games/baloot/sawaValidQuick.test.ts checks it against brute force.
 */
import { popcount } from "./cards.js";
import { UNDERPLAY_PLAIN } from "./sawaTables.js";
import { cashFails, smearDown, toNatural } from "./sawaSunLanes.js";

/**
 * Does a line of sure tricks end in a cash-out? `lead` and `partner` are the claimers' hands (the
 * side on lead first), `a` and `b` the opponents', all strength lanes (sawaSunLanes.ts).
 */
export function cashLine(lead: number, partner: number, a: number, b: number): boolean {
  return line(lead, partner, a, b);
}

function cashesOut(m: number, p: number, a: number, b: number): boolean {
  return !cashFails(m, a) && !cashFails(m, b) && underplays(toNatural(m), toNatural(p));
}

/** The line from here (see the top of the file); `m` is on lead, `p` his partner. */
function line(m: number, p: number, a: number, b: number): boolean {
  if (cashesOut(m, p, a, b)) return true;
  const oDown = smearDown(a | b);
  for (let shift = 0; shift < 32; shift += 8) {
    const ml = (m >>> shift) & 0xff;
    if (ml === 0) continue;
    const x = ml & -ml;
    const over = (p >>> shift) & 0xff & ~((x << 1) - 1) & ~((oDown >>> shift) & 0xff);
    if (over === 0) continue;
    const z = over & -over;
    if (line(p & ~(z << shift), m & ~(x << shift), dropLowest(a, shift), dropLowest(b, shift))) return true;
  }
  for (let shift = 0; shift < 32; shift += 8) {
    const win = (m >>> shift) & 0xff & ~((oDown >>> shift) & 0xff);
    if (win === 0) continue;
    const c = win & -win;
    const pl = (p >>> shift) & 0xff;
    const y = pl & -pl;
    if (y > c) continue;
    const p2 = pl !== 0 ? p & ~(y << shift) : p & ~discard(p, oDown);
    return line(m & ~(c << shift), p2, dropLowest(a, shift), dropLowest(b, shift));
  }
  return false;
}

/** A void partner's discard (a bit of `p`): his lowest card of a suit he cannot cash (his best below the opponents' best), else of his longest suit. */
function discard(p: number, oDown: number): number {
  let best = 0;
  let key = -1;
  for (let shift = 0; shift < 32; shift += 8) {
    const q = (p >>> shift) & 0xff;
    if (q === 0) continue;
    const k = ((q & ~((oDown >>> shift) & 0xff)) === 0 ? 16 : 0) + popcount(q);
    if (k > key) {
      key = k;
      best = (q & -q) << shift;
    }
  }
  return best;
}

/** The dominating opponent hand after a trick of the suit at `shift`: his lowest card of it gone. */
function dropLowest(o: number, shift: number): number {
  const l = (o >>> shift) & 0xff;
  return o & ~((l & -l) << shift);
}

/** UNDERPLAY_PLAIN on each suit of the leader's and the partner's hands (natural masks). */
function underplays(mine: number, partner: number): boolean {
  for (let shift = 0; shift < 32; shift += 8) {
    if (UNDERPLAY_PLAIN[(((mine >>> shift) & 0xff) << 8) | ((partner >>> shift) & 0xff)] === 0) return false;
  }
  return true;
}
