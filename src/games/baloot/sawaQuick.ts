/**
 * The Sawa search's quick answers at a trick boundary (sawaSolver.ts): settle a position from the
 * four hands alone, before any search. Sun positions have their own, lane-wise answers
 * (sawaSunQuick.ts); these serve the general search (Hokum, and every game with the shortcuts on).
 */
import { LOW_PLAIN, LOW_TRUMP, PLAIN_RANK_STRENGTH, TOP_PLAIN, TOP_TRUMP, TRUMP_RANK_STRENGTH, trumpsOutnumbered } from "./sawaTables.js";

/**
 * +1 valid, -1 invalid, 0 unknown, for `leader` claiming the rest with `hands` (card masks by
 * seat), `trump` the trump suit (-1 none) and `all` every card still in a hand; `mine` is the
 * leader's hand.
 */
export function quickAnswer(hands: readonly number[], trump: number, trumpMask: number, leader: number, mine: number, all: number): number {
  const opp = (leader & 1) === 0 ? (hands[1]! | hands[3]!) >>> 0 : (hands[0]! | hands[2]!) >>> 0;
  if (trump >= 0) {
    const shift = trump << 3;
    const live = (all >>> shift) & 0xff;
    // The highest trump left takes whichever trick it is played to.
    if (live !== 0 && ((opp >>> (shift + TOP_TRUMP[live]!)) & 1) === 1) return -1;
    if (((opp & trumpMask) >>> 0) !== 0) {
      // An opponent's trumps outnumber the claimers' above them (sawaTables.ts).
      const ours = ((hands[leader]! | hands[(leader + 2) & 3]!) >>> shift) & 0xff;
      if (trumpsOutnumbered((hands[(leader + 1) & 3]! >>> shift) & 0xff, ours)) return -1;
      if (trumpsOutnumbered((hands[(leader + 3) & 3]! >>> shift) & 0xff, ours)) return -1;
      return 0;
    }
  }
  // With no trump among the opponents: every card of the claimer's side beats every opponent card
  // of its suit. Whatever either of them leads then wins, and the same stays true trick after trick.
  if (outranksEverySuit((hands[leader & 1]! | hands[(leader & 1) + 2]!) >>> 0, opp, trump)) return 1;
  // Every card of the leader tops its suit: he cashes them from the top down (plain suits first),
  // each an Ace or an Akka, so his partner may always let them run.
  return outranksEverySuit(mine, (all & ~mine) >>> 0, trump) ? 1 : 0;
}

/** In every suit both hold, the lowest card of `ours` beats the highest of `theirs` (trump order for `trump`). */
function outranksEverySuit(ours: number, theirs: number, trump: number): boolean {
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const m = (ours >>> shift) & 0xff;
    const o = (theirs >>> shift) & 0xff;
    if (m === 0 || o === 0) continue;
    if (s === trump) {
      if (TRUMP_RANK_STRENGTH[LOW_TRUMP[m]!]! < TRUMP_RANK_STRENGTH[TOP_TRUMP[o]!]!) return false;
    } else if (PLAIN_RANK_STRENGTH[LOW_PLAIN[m]!]! < PLAIN_RANK_STRENGTH[TOP_PLAIN[o]!]!) return false;
  }
  return true;
}
