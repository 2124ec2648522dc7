/**
 * Which cards may be played (§8.3, §8.4, §8.5, §8.6, §7.4), as a card mask. Non-allocating: both
 * legalActions and apply's validation call it on every card, and so do the Sawa search and bots.
 */
import { RA, SUIT_MASKS } from "./cards.js";
import { ABOVE_TRUMP } from "./tables.js";
import type { RuleProfile } from "./profile.js";
import type { BalootState } from "./state.js";

/** Plain inputs of the §8.3 algorithm, so the Sawa search can call it on hypothetical tricks. */
export function legalMaskFor(
  hand: number,
  /** Cards already in the trick (0 = leading). */
  trickLen: number,
  ledCard: number,
  winCard: number,
  partnerWinning: boolean,
  /** The leader's card is the Ace of the led suit or a valid Akka (SAUDI_STRICT exemption for 3rd seat). */
  leaderTopDeclared: boolean,
  trump: number,
  closed: boolean,
  play: RuleProfile["play"],
): number {
  const trumpMask = trump < 0 ? 0 : (SUIT_MASKS[trump] as number);
  // 1. Leading: any card, except a trump while holding a side card in a closed Hokum.
  if (trickLen === 0) {
    if (closed && trump >= 0) {
      const side = (hand & ~trumpMask) >>> 0;
      if (side !== 0) return side;
    }
    return hand;
  }
  const led = ledCard >>> 3;
  // 2-3. Follow suit; when trumps are led, beat the best trump if an opponent (or, by flag, anyone) is winning.
  const follow = (hand & (SUIT_MASKS[led] as number)) >>> 0;
  if (follow !== 0) {
    if (led === trump && (!partnerWinning || play.trumpLedBeatPartner)) {
      const higher = (follow & (ABOVE_TRUMP[winCard] as number)) >>> 0;
      return higher !== 0 ? higher : follow;
    }
    return follow;
  }
  // 4. Void in Sun: free discard.
  if (trump < 0) return hand;
  // 5-6. No trumps: anything.
  const trumps = (hand & trumpMask) >>> 0;
  if (trumps === 0) return hand;
  // 7. Partner exemption (§8.4).
  if (partnerWinning) {
    if (play.partnerExemption === "ANY") return hand;
    const pos = trickLen + 1;
    if (pos === 4 || (pos === 3 && leaderTopDeclared)) return hand;
  }
  // 8. Must cut a non-trump winner with any trump.
  if (winCard >>> 3 !== trump) return trumps;
  // 9-10. Must over-trump if able.
  const over = (trumps & (ABOVE_TRUMP[winCard] as number)) >>> 0;
  if (over !== 0) return over;
  // 11. Cannot over-trump: free (DEFAULT) or must still under-trump.
  return play.undertrump === "MUST" ? trumps : hand;
}

/** Legal cards for `seat` now (0 if it is not his turn to play). */
export function legalCardMask(state: BalootState, seat: number): number {
  if (state.phase !== "PLAYING" || seat !== state.turn) return 0;
  const h = state.hand;
  const len = h.trick.length;
  const c = h.contract!;
  if (len === 0) return legalMaskFor(h.hands[seat]!, 0, -1, -1, false, false, c.trump, h.closed, state.profile.play);
  const lead = h.trick[0]!;
  const partnerWinning = h.winSeat === ((seat + 2) & 3);
  const topDeclared = h.winSeat === h.leader && ((lead & 7) === RA || h.akka);
  return legalMaskFor(h.hands[seat]!, len, lead, h.winCard, partnerWinning, topDeclared, c.trump, h.closed, state.profile.play);
}
