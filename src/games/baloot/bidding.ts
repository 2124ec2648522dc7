/**
 * The auction (§6): two rounds, Hokum answers, the Hokum bidder's confirm/convert, "before you",
 * Ashkal eligibility, the face-up-Ace rule, round-2 suit restriction and all-pass cancellation.
 * `bidMoves` lists what the seat to act may call; `applyBid` validates against it, then mutates.
 */
import { RA, SUITS, rankOf, suitOf } from "./cards.js";
import { illegal, toAction, type BalootAction, type Move } from "./actions.js";
import { completeDeal } from "./deal.js";
import { openDoubling } from "./doubling.js";
import { cancelHand } from "./hand.js";
import { kaweshAllowed } from "./kawesh.js";
import type { BalootEvent } from "./events.js";
import type { BalootState, BidName } from "./state.js";

type BidMove = Extract<Move, { k: "bid" }>;
type ConfirmMove = Extract<Move, { k: "confirm" }>;

function prio(state: BalootState, seat: number): number {
  return (seat - state.dealer - 1) & 3;
}

function aceUp(state: BalootState): boolean {
  return rankOf(state.hand.faceUp) === RA;
}

export function isAshkalSeat(state: BalootState, seat: number): boolean {
  // The seat test first: the list is searched only for the one or two seats it can name.
  const seats = state.profile.bidding.ashkalSeats;
  return (seat === state.dealer && seats.includes("DEALER")) || (seat === ((state.dealer + 3) & 3) && seats.includes("DEALER_LEFT"));
}

/** §6.6: with an Ace face up, a standing Hokum goes to Sun only through D+1. */
function mayTakeHokumToSun(state: BalootState, seat: number): boolean {
  return !(state.profile.bidding.aceFaceUpSunOnlyDealerRight && aceUp(state)) || seat === ((state.dealer + 1) & 3);
}

/** Ashkal on one's own turn (no Hokum standing): the only Ashkal that `ashkalForbiddenOnAceFaceUp` governs. */
function ashkalOnOwnTurnAllowed(state: BalootState, seat: number): boolean {
  const p = state.profile.bidding;
  return p.ashkalOnOwnTurn && isAshkalSeat(state, seat) && !(p.ashkalForbiddenOnAceFaceUp && aceUp(state));
}

/**
 * Ashkal as an answer to the opponents' standing Hokum (§6.5), in either round. The face-up-Ace
 * rule (§6.6) limits only the Sun takeover of a Hokum, so an Ace face up never removes this Ashkal.
 */
function ashkalOverHokumAllowed(state: BalootState, seat: number): boolean {
  const p = state.profile.bidding;
  const b = state.hand.bidding;
  const opponent = (seat & 1) !== (b.hokumBidder & 1);
  const blocked = b.round === 2 && p.ashkalBlockedAfterWala && ((b.wala >> seat) & 1) === 1;
  return p.ashkalOverOpponentHokum && opponent && !blocked && isAshkalSeat(state, seat);
}

// The calls bidMoves lists, shared and frozen (nothing keeps or changes a listed move), each with
// its public action (`toAction` of it, also shared and frozen), by index.
const BID_MOVES: readonly Move[] = [
  { k: "bid", bid: "PASS", suit: -1 },
  { k: "bid", bid: "SUN", suit: -1 },
  { k: "bid", bid: "ASHKAL", suit: -1 },
  { k: "bid", bid: "BEFORE_YOU", suit: -1 },
  { k: "bid", bid: "HOKUM", suit: 0 },
  { k: "bid", bid: "HOKUM", suit: 1 },
  { k: "bid", bid: "HOKUM", suit: 2 },
  { k: "bid", bid: "HOKUM", suit: 3 },
  { k: "confirm", sun: false },
  { k: "confirm", sun: true },
  { k: "kawesh" },
].map((m) => Object.freeze(m as Move));
const BID_ACTIONS: readonly BalootAction[] = BID_MOVES.map((m) => Object.freeze(toAction(m)));
const PASS = 0;
const SUN = 1;
const ASHKAL = 2;
const BEFORE_YOU = 3;
const HOKUM = 4; // + suit
const CONFIRM_HOKUM = 8;
const CONFIRM_SUN = 9;
const KAWESH = 10;

/**
 * The list being built: the indices of the calls, written from index 0 (the lists are copied out
 * at their exact size: a fresh array grown by push reserves 17 slots, on every call during bidding).
 */
const bidScratch = new Uint8Array(16);

/** Every call the seat to act may make now (Kawesh included when eligible). */
export function bidMoves(state: BalootState, seat: number): Move[] {
  const n = listBidMoves(state, seat);
  const out = new Array<Move>(n);
  for (let i = 0; i < n; i++) out[i] = BID_MOVES[bidScratch[i]!]!;
  return out;
}

/**
 * The same list as public actions (`bidMoves(...).map(toAction)`, entries shared and frozen): the
 * public `legalActions` during the auction, without the intermediate moves.
 */
export function bidActions(state: BalootState, seat: number): BalootAction[] {
  const n = listBidMoves(state, seat);
  const out = new Array<BalootAction>(n);
  for (let i = 0; i < n; i++) out[i] = BID_ACTIONS[bidScratch[i]!]!;
  return out;
}

/** Writes the indices of bidMoves' list into bidScratch from index 0; returns how many. */
function listBidMoves(state: BalootState, seat: number): number {
  const b = state.hand.bidding;
  if (state.phase !== "BIDDING" || seat !== state.turn) return 0;
  const out = bidScratch;
  let n = 0;
  switch (b.mode) {
    case "TURN": {
      out[n++] = PASS;
      const faceSuit = suitOf(state.hand.faceUp);
      // Round 1: the explicit shape names the face-up suit (the suit-less alias is accepted by applyBid).
      if (b.round === 1) out[n++] = HOKUM + faceSuit;
      else for (let s = 0; s < 4; s++) if (s !== faceSuit) out[n++] = HOKUM + s;
      out[n++] = SUN;
      if (ashkalOnOwnTurnAllowed(state, seat)) out[n++] = ASHKAL;
      break;
    }
    case "HOKUM_RESPONSE": {
      out[n++] = PASS;
      if (mayTakeHokumToSun(state, seat)) out[n++] = SUN;
      if (ashkalOverHokumAllowed(state, seat)) out[n++] = ASHKAL;
      break;
    }
    case "HOKUM_CONFIRM":
      out[n++] = CONFIRM_HOKUM;
      if (mayTakeHokumToSun(state, seat)) out[n++] = CONFIRM_SUN;
      break;
    case "BEFORE_YOU":
      out[n++] = PASS;
      out[n++] = BEFORE_YOU;
      break;
  }
  if (kaweshAllowed(state, seat)) out[n++] = KAWESH;
  return n;
}

function sameMove(a: Move, b: Move): boolean {
  if (a.k === "bid" && b.k === "bid") return a.bid === b.bid && a.suit === b.suit;
  if (a.k === "confirm" && b.k === "confirm") return a.sun === b.sun;
  return false;
}

/** Seats offered "before you" against a Sun by `bidder`, in priority order (§6.4). */
function beforeYouSeats(state: BalootState, bidder: number): number[] {
  const policy = state.profile.bidding.beforeYou;
  const b = state.hand.bidding;
  const out: number[] = [];
  if (policy === "NONE") return out;
  for (let k = 1; k <= 4; k++) {
    const t = (state.dealer + k) & 3;
    if (prio(state, t) >= prio(state, bidder)) break;
    const passed = ((b.passed >> t) & 1) === 1;
    // A claim over a Sun that took a standing Hokum takes that Hokum to Sun too (§6.6).
    if (b.hokumBidder >= 0 && !mayTakeHokumToSun(state, t)) continue;
    if (policy === "OPPONENTS_WHO_PASSED" ? passed && (t & 1) !== (bidder & 1) : !passed) out.push(t);
  }
  return out;
}

type Call = BidName | "BEFORE_YOU" | "CONFIRM_HOKUM" | "CONVERT_SUN";
const CALLS: readonly Call[] = ["PASS", "SUN", "HOKUM", "ASHKAL", "BEFORE_YOU", "CONFIRM_HOKUM", "CONVERT_SUN"];

/**
 * The `bid` events, shared and frozen (about ten calls a hand): index ((seat × 2 + round − 1) × 7 +
 * call) × 5 + suit + 1. Fields in the order a built event had them (type, seat, round, call, then
 * suit only for a suit), so the JSON is the same.
 */
const BID_EVENTS: readonly BalootEvent[] = Array.from({ length: 4 * 2 * CALLS.length * 5 }, (_, i) => {
  const suit = (i % 5) - 1;
  const call = CALLS[Math.floor(i / 5) % CALLS.length]!;
  const rest = Math.floor(i / (5 * CALLS.length));
  const e: BalootEvent = { type: "bid", seat: rest >>> 1, round: ((rest & 1) + 1) as 1 | 2, call };
  if (suit >= 0) e.suit = SUITS[suit];
  return Object.freeze(e);
});

function record(state: BalootState, seat: number, call: Call, suit: number, events: BalootEvent[] | null): void {
  const b = state.hand.bidding;
  b.history.push({ seat, round: b.round, call, suit });
  if (events) events.push(BID_EVENTS[(((seat << 1) | (b.round - 1)) * CALLS.length + CALLS.indexOf(call)) * 5 + suit + 1]!);
}

function finalize(state: BalootState, kind: "SUN" | "HOKUM", buyer: number, ashkal: boolean, trump: number, events: BalootEvent[] | null): void {
  const h = state.hand;
  const faceUpTo = ashkal ? (buyer + 2) & 3 : buyer;
  h.contract = { kind, trump: kind === "SUN" ? -1 : trump, buyer, ashkal, faceUpTo };
  h.bidding.queue = [];
  if (events) {
    events.push({ type: "contract", kind, trump: kind === "SUN" ? null : (SUITS[trump] as string), buyer, ashkal, faceUpTo });
  }
  completeDeal(state, events);
  openDoubling(state, events);
}

function startSun(state: BalootState, seat: number, ashkal: boolean, events: BalootEvent[] | null): void {
  const b = state.hand.bidding;
  const cands = beforeYouSeats(state, seat);
  if (cands.length === 0) {
    finalize(state, "SUN", seat, ashkal, -1, events);
    return;
  }
  b.mode = "BEFORE_YOU";
  b.sunBidder = seat;
  b.sunAshkal = ashkal;
  b.queue = cands;
  state.turn = cands[0]!;
}

function finishHokumAnswers(state: BalootState, events: BalootEvent[] | null): void {
  const b = state.hand.bidding;
  if (state.profile.bidding.hokumFinalChoice) {
    b.mode = "HOKUM_CONFIRM";
    state.turn = b.hokumBidder;
  } else {
    finalize(state, "HOKUM", b.hokumBidder, false, b.hokumSuit, events);
  }
}

/** Validates (against bidMoves) and applies a bid or confirm. */
export function applyBid(state: BalootState, seat: number, move: BidMove | ConfirmMove, events: BalootEvent[] | null): void {
  // Accepted aliases of the explicit shapes: a round-1 Hokum without its suit (always the
  // face-up suit), and a "before you" claim sent as a plain SUN bid.
  if (move.k === "bid" && move.bid === "HOKUM" && move.suit < 0 && state.hand.bidding.round === 1) {
    move = { k: "bid", bid: "HOKUM", suit: suitOf(state.hand.faceUp) };
  } else if (move.k === "bid" && move.bid === "SUN" && state.hand.bidding.mode === "BEFORE_YOU") {
    move = { k: "bid", bid: "BEFORE_YOU", suit: -1 };
  }
  const n = listBidMoves(state, seat);
  let found = false;
  for (let i = 0; i < n; i++) if (sameMove(BID_MOVES[bidScratch[i]!]!, move)) found = true;
  if (!found) {
    illegal("ILLEGAL_BID", `${move.k === "bid" ? move.bid : "confirm"} is not allowed now`);
  }
  const b = state.hand.bidding;
  const bit = 1 << seat;
  if (move.k === "confirm") {
    record(state, seat, move.sun ? "CONVERT_SUN" : "CONFIRM_HOKUM", move.sun ? -1 : b.hokumSuit, events);
    if (move.sun) finalize(state, "SUN", seat, false, -1, events);
    else finalize(state, "HOKUM", seat, false, b.hokumSuit, events);
    return;
  }
  switch (b.mode) {
    case "TURN": {
      if (move.bid === "PASS") {
        record(state, seat, "PASS", -1, events);
        b.passed |= bit;
        if (b.round === 2) b.wala |= bit;
        b.spoken++;
        if (b.spoken < 4) {
          state.turn = (seat + 1) & 3;
        } else if (b.round === 1) {
          b.round = 2;
          b.spoken = 0;
          b.passed = 0;
          state.turn = (state.dealer + 1) & 3;
        } else {
          cancelHand(state, "ALL_PASS", state.profile.allPass === "CANCEL_AND_ROTATE_DEALER", events);
        }
        return;
      }
      b.anyBid = true;
      if (move.bid === "HOKUM") {
        const suit = move.suit;
        record(state, seat, "HOKUM", suit, events);
        b.hokumBidder = seat;
        b.hokumSuit = suit;
        b.mode = "HOKUM_RESPONSE";
        b.queue = [(seat + 1) & 3, (seat + 2) & 3, (seat + 3) & 3];
        state.turn = b.queue[0]!;
        return;
      }
      record(state, seat, move.bid, -1, events);
      startSun(state, seat, move.bid === "ASHKAL", events);
      return;
    }
    case "HOKUM_RESPONSE": {
      b.queue.shift();
      if (move.bid === "PASS") {
        record(state, seat, "PASS", -1, events);
        b.passed |= bit;
        if (b.round === 2) b.wala |= bit;
        if (b.queue.length > 0) state.turn = b.queue[0]!;
        else finishHokumAnswers(state, events);
        return;
      }
      record(state, seat, move.bid, -1, events);
      startSun(state, seat, move.bid === "ASHKAL", events);
      return;
    }
    case "BEFORE_YOU": {
      b.queue.shift();
      if (move.bid === "BEFORE_YOU") {
        record(state, seat, "BEFORE_YOU", -1, events);
        finalize(state, "SUN", seat, false, -1, events);
        return;
      }
      record(state, seat, "PASS", -1, events);
      if (b.queue.length > 0) state.turn = b.queue[0]!;
      else finalize(state, "SUN", b.sunBidder, b.sunAshkal, -1, events);
      return;
    }
    case "HOKUM_CONFIRM":
      return illegal("ILLEGAL_BID", "confirm HOKUM or SUN");
  }
}
