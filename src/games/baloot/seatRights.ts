/**
 * "Not your call" (§6, §7, §12.3): calls the rules never give this seat in the current situation,
 * whoever is to act — as opposed to NOT_YOUR_TURN, where the seat may still get its turn. Checked
 * before the turn so that a client learns that waiting will not help (README: error codes).
 */
import type { Move } from "./actions.js";
import { isAshkalSeat } from "./bidding.js";
import type { BalootState } from "./state.js";

/** Why `seat` may never make `move` in this situation, or null when it may (at its turn). */
export function notYourCall(state: BalootState, seat: number, move: Move): string | null {
  switch (state.phase) {
    case "BIDDING":
      return biddingRight(state, seat, move);
    case "DOUBLING":
      return move.k === "raise" ? raiseRight(state, seat, move.level) : null;
    case "QAID_WINDOW": {
      const first = (state.dealer + 1) & 3;
      if ((move.k === "qaid" || move.k === "skipQaid") && seat !== first && seat !== ((first + 1) & 3)) {
        return `the end-of-hand Qaid window asks seats ${first} and ${(first + 1) & 3} only`;
      }
      return null;
    }
    default:
      return null;
  }
}

function biddingRight(state: BalootState, seat: number, move: Move): string | null {
  const b = state.hand.bidding;
  if (move.k === "confirm") {
    if (b.hokumBidder >= 0 && seat !== b.hokumBidder) return `only the Hokum bidder (seat ${b.hokumBidder}) confirms or converts`;
    return null;
  }
  if (move.k !== "bid") return null;
  if (move.bid === "ASHKAL") {
    if (!isAshkalSeat(state, seat)) return "Ashkal belongs to the dealer and the dealer's left only (profile ashkalSeats)";
    if (b.mode === "HOKUM_RESPONSE" && (seat & 1) === (b.hokumBidder & 1)) return "Ashkal answers only the opponents' Hokum";
  }
  if (b.mode === "BEFORE_YOU" && (move.bid === "SUN" || move.bid === "BEFORE_YOU") && !b.queue.includes(seat)) {
    return `"before you" is offered to seat${b.queue.length === 1 ? "" : "s"} ${b.queue.join(", ")} only`;
  }
  return null;
}

/** §7.2: Double by the buyer's opponents; Three and Gahwa by the buyer, Four by the doubler (or their partners with raisers TEAMS). */
function raiseRight(state: BalootState, seat: number, level: number): string | null {
  const h = state.hand;
  const buyer = h.contract!.buyer;
  const teams = state.profile.doubling.raisers === "TEAMS";
  if (level === 2) return (seat & 1) === (buyer & 1) ? "the buyer's team never doubles" : null;
  if (level === 3 || level === 5) {
    const ok = teams ? (seat & 1) === (buyer & 1) : seat === buyer;
    return ok ? null : `only the buyer${teams ? "'s team" : ""} calls ${level === 3 ? "Three" : "Gahwa"}`;
  }
  // Four: the doubler (or his team); before anyone doubled, any opponent of the buyer could become him.
  if (h.doubler < 0) return (seat & 1) === (buyer & 1) ? "only the doubler calls Four" : null;
  const ok = teams ? (seat & 1) === (h.doubler & 1) : seat === h.doubler;
  return ok ? null : `only the doubler${teams ? "'s team" : ""} calls Four`;
}
