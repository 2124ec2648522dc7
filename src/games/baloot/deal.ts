/**
 * Dealing (§5): a per-hand deck derived from the match seed, the 3+2 first deal, the face-up card
 * and the completion packets, all in the canonical order of §5.2 so stacked decks are predictable.
 */
import { seedLabelWords } from "./handSeed.js";
import { seedState, type RngState } from "../core/rng.js";
import { popcount } from "./cards.js";
import { CARD_NAMES } from "./tables.js";
import type { BalootEvent } from "./events.js";
import type { BalootState, HandState } from "./state.js";

const ORDERED_DECK: readonly number[] = Array.from({ length: 32 }, (_, i) => i);

/**
 * The 32-card deck order (top first) of hand `handNumber` (1-based) of a match with `seed`.
 * Each hand draws from its own stream `hand:N`, so a revealed seed lets anyone re-check every shuffle.
 */
export function dealForHand(seed: string, handNumber: number): number[] {
  // A copy of the packed 32-entry list is made at its exact size (pushes would grow it twice).
  const deck = ORDERED_DECK.slice();
  shuffleDeck(handStreamState(seed, handNumber), deck);
  return deck;
}

/**
 * Same value as core's `seedState(seed, "hand:N")` — SHA-256 of `seed ‖ 0x00 ‖ label` — computed
 * in plain JavaScript (handSeed.ts: cheaper than a native hash call on the hot path; checked in deal.test.ts).
 */
export function handStreamState(seed: string, handNumber: number): RngState {
  return labelStreamState(seed, `hand:${handNumber}`);
}

/** Core's `seedState(seed, label)` for any ASCII label, by the same plain-JavaScript hash. */
export function labelStreamState(seed: string, label: string): RngState {
  const s = seedLabelWords(seed, label);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) return seedState(seed, label);
  return s;
}

/**
 * Rejection bound of core's `rng.int(n)` for n = 0..32: the largest multiple of n that fits in
 * 2^32 (the remainder of 2^32 by n is a floating-point operation, once per card per hand otherwise).
 */
const ACCEPT_BELOW: readonly number[] = Array.from({ length: 33 }, (_, n) => (n === 0 ? 0 : 0x100000000 - (0x100000000 % n)));

/**
 * Exactly `createRng(s).shuffle(deck)` (Fisher–Yates over xoshiro128** with rejection sampling),
 * written out without closures because it runs once per hand on the hot path.
 * test/games/baloot/deal.test.ts checks it against core's streamFor(...).shuffle.
 */
function shuffleDeck(s: RngState, deck: number[]): void {
  let s0 = s[0];
  let s1 = s[1];
  let s2 = s[2];
  let s3 = s[3];
  for (let i = deck.length - 1; i > 0; i--) {
    const n = i + 1;
    const limit = ACCEPT_BELOW[n]!;
    let x: number;
    for (;;) {
      const m = Math.imul(s1, 5) >>> 0;
      x = Math.imul(((m << 7) | (m >>> 25)) >>> 0, 9) >>> 0;
      const t = (s1 << 9) >>> 0;
      s2 = (s2 ^ s0) >>> 0;
      s3 = (s3 ^ s1) >>> 0;
      s1 = (s1 ^ s2) >>> 0;
      s0 = (s0 ^ s3) >>> 0;
      s2 = (s2 ^ t) >>> 0;
      s3 = ((s3 << 11) | (s3 >>> 21)) >>> 0;
      if (x < limit) break;
    }
    // x % n without a floating-point remainder (x reaches 2^32, past the integer fast path):
    // the quotient of a 32-bit x by n ≤ 32 is exact in a double.
    const j = x - Math.floor(x / n) * n;
    const tmp = deck[i]!;
    deck[i] = deck[j]!;
    deck[j] = tmp;
  }
}

export function emptyHand(deck: number[]): HandState {
  return {
    deck,
    faceUp: -1,
    hands: [0, 0, 0, 0],
    full: [0, 0, 0, 0],
    bidding: {
      round: 1,
      mode: "TURN",
      spoken: 0,
      passed: 0,
      wala: 0,
      anyBid: false,
      hokumBidder: -1,
      hokumSuit: -1,
      queue: [],
      sunBidder: -1,
      sunAshkal: false,
      history: [],
    },
    contract: null,
    level: 1,
    gahwa: false,
    closed: false,
    doubler: -1,
    lastRaiser: -1,
    raises: [],
    dbl: { step: "DONE", queue: [], after: "DONE" },
    trickNo: 0,
    leader: -1,
    trick: [],
    winSeat: -1,
    winCard: -1,
    akka: false,
    played: 0,
    tricksWon: [0, 0],
    points: [0, 0],
    lastTrickTeam: -1,
    tricks: [],
    declared: [null, null, null, null],
    projectTeam: -1,
    projectsRevealed: false,
    baloot: { holder: -1, announced: false, announcedBy: -1 },
    fouls: [],
    foulTeam: -1,
    foulReason: "",
    sawaTeam: -1,
  };
}

/** The cards' names, low card first; the array is made at its exact size (a grown one reserves 17 slots). */
function namesOf(mask: number): string[] {
  let m = mask >>> 0;
  const out = new Array<string>(popcount(m));
  for (let i = 0; m !== 0; i++) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    out[i] = CARD_NAMES[c] as string;
    m = (m & (m - 1)) >>> 0;
  }
  return out;
}

/** Starts hand `state.handNo` with `state.dealer`: first deal (3 then 2 from D+1), face-up card, bidding opens at D+1. */
export function startHand(state: BalootState, events: BalootEvent[] | null): void {
  const injected = state.decks[state.handNo - 1];
  const deck = injected ? injected.slice() : dealForHand(state.seed, state.handNo);
  const h = emptyHand(deck);
  const packets = state.profile.deal.firstPackets;
  let pos = 0;
  for (let round = 0; round < 2; round++) {
    const packet = packets[round]!;
    for (let k = 1; k <= 4; k++) {
      const seat = (state.dealer + k) & 3;
      for (let i = 0; i < packet; i++) h.hands[seat] = (h.hands[seat]! | (1 << deck[pos++]!)) >>> 0;
    }
  }
  h.faceUp = deck[pos]!;
  state.hand = h;
  state.phase = "BIDDING";
  state.turn = (state.dealer + 1) & 3;
  if (events) {
    events.push({ type: "handStarted", hand: state.handNo, dealer: state.dealer, scores: state.scores.slice() });
    for (let s = 0; s < 4; s++) events.push({ type: "dealt", to: s, cards: namesOf(h.hands[s]!) });
    events.push({ type: "faceUp", card: CARD_NAMES[h.faceUp] as string });
  }
}

/** Completion deal (§5.2): from D+1, the face-up receiver gets the face-up card + 2, the others 3. */
export function completeDeal(state: BalootState, events: BalootEvent[] | null): void {
  const h = state.hand;
  const c = h.contract!;
  const { buyerCompletion, othersCompletion, firstPackets } = state.profile.deal;
  let pos = 4 * (firstPackets[0] + firstPackets[1]) + 1;
  const before = h.hands.slice();
  for (let k = 1; k <= 4; k++) {
    const seat = (state.dealer + k) & 3;
    let m = h.hands[seat]!;
    if (seat === c.faceUpTo) m |= 1 << h.faceUp;
    const n = seat === c.faceUpTo ? buyerCompletion : othersCompletion;
    for (let i = 0; i < n; i++) m |= 1 << h.deck[pos++]!;
    h.hands[seat] = m >>> 0;
    h.full[seat] = m >>> 0;
  }
  if (events) {
    for (let s = 0; s < 4; s++) events.push({ type: "completed", to: s, cards: namesOf((h.hands[s]! & ~before[s]!) >>> 0) });
  }
}

export { namesOf };
