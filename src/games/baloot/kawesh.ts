/**
 * Kawesh / Kasho (§6.9): a player whose first five cards hold no A, K, Q, J or 10 may call for a
 * redeal during the auction (on his own turn). Policies: OFF; SAK_5_CARDS_ROTATE (cancel 0–0, dealer
 * rotates); TAZ (before any bid → same dealer redeals; after a bid → dealer rotates).
 */
import { illegal } from "./actions.js";
import { cancelHand } from "./hand.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

/** Ranks 7, 8, 9 in every suit. */
const LOW_CARDS = 0x07070707;

export function isKaweshHand(fiveCards: number): boolean {
  return ((fiveCards & ~LOW_CARDS) >>> 0) === 0;
}

export function kaweshAllowed(state: BalootState, seat: number): boolean {
  return (
    state.profile.kawesh !== "OFF" &&
    state.phase === "BIDDING" &&
    seat === state.turn &&
    isKaweshHand(state.hand.hands[seat]!)
  );
}

export function applyKawesh(state: BalootState, seat: number, events: BalootEvent[] | null): void {
  if (state.profile.kawesh === "OFF") illegal("KAWESH_DISABLED", "Kawesh is off in this profile");
  if (!kaweshAllowed(state, seat)) illegal("KAWESH_NOT_ALLOWED", "Kawesh needs a hand of only 7, 8 and 9 during the auction");
  const sameDealer = state.profile.kawesh === "TAZ" && !state.hand.bidding.anyBid;
  if (events) events.push({ type: "kawesh", seat, redealSameDealer: sameDealer });
  cancelHand(state, "KAWESH", !sameDealer, events);
}
