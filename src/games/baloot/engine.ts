/**
 * The engine's entry points over internal moves: setup, who acts, legal moves, and `applyMove`, the
 * single validating dispatcher used by the public `apply`, the bots and the benchmark alike.
 * Validation is complete before any mutation, so a refused move leaves the state untouched.
 */
import { createRng } from "../core/rng.js";
import { IllegalAction } from "../core/IllegalAction.js";
import { parseCards } from "./cards.js";
import { illegal, type Move } from "./actions.js";
import { applyBid, bidMoves } from "./bidding.js";
import { emptyHand, labelStreamState, startHand } from "./deal.js";
import { applyRaise, raiseMoves } from "./doubling.js";
import { applyKawesh } from "./kawesh.js";
import { applyDeclare, applyPlay, canDeclare, declareChoices, playMoves } from "./play.js";
import { PROFILES, SAUDI_DEFAULT, withOverrides, type ProfileOverrides, type RuleProfile } from "./profile.js";
import { checkFullProfile, checkOverrides } from "./profileCheck.js";
import { applyQaid, applySkipQaid, qaidAllowed } from "./qaid.js";
import { applySawa, sawaValid } from "./sawa.js";
import { notYourCall } from "./seatRights.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

export interface BalootOptions {
  /** Preset name ("SAUDI_DEFAULT" | "KAMMELNA_LIKE") or a full profile object. Default SAUDI_DEFAULT. */
  profile?: string | RuleProfile;
  /** Flags overriding the preset (deep-merged per group). */
  overrides?: ProfileOverrides;
  /** Shortcut for overrides.targetScore. */
  targetScore?: number;
  /** Test hook: the first dealer (default: drawn from the seed). */
  dealer?: number;
  /** Test hook: match score at the start. */
  scores?: [number, number];
  /** Test hook: 32-card deck order of hand 1, top first, dealt in the canonical §5.2 order. */
  deck?: string | readonly string[];
  /** Test hook: deck orders of hands 1, 2, … (later hands fall back to the seed). */
  decks?: readonly (string | readonly string[])[];
  /**
   * Test hook: hand 1 from given hands: `hands[seat]` = that seat's first 5 cards, `faceUp`, and
   * optionally `stock` = the 11 remaining cards in dealing order (default: ascending card order);
   * or `hands[seat]` = 8 final cards (the seat listing `faceUp` receives it; see README).
   */
  hands?: readonly (string | readonly string[])[];
  faceUp?: string;
  stock?: string | readonly string[];
}

const defaultProfile: RuleProfile = deepFreeze(JSON.parse(JSON.stringify(SAUDI_DEFAULT)) as RuleProfile);

function badOptions(msg: string): never {
  throw new IllegalAction("BAD_OPTIONS", msg);
}

function checkDeck(cards: number[]): number[] {
  if (cards.length !== 32) badOptions(`a deck needs 32 cards, got ${cards.length}`);
  let mask = 0;
  for (const c of cards) mask |= 1 << c;
  if (mask >>> 0 !== 0xffffffff) badOptions("a deck must hold each of the 32 cards once");
  return cards;
}

function parseList(input: string | readonly string[]): number[] {
  try {
    return parseCards(input);
  } catch (e) {
    return badOptions((e as Error).message);
  }
}

/** Builds the deck that deals `hands` (5 each), `faceUp` and `stock` in the canonical order. */
/** The first 4×5 cards and the face-up card, in the canonical order, from each seat's first-deal cards. */
function firstDeal(dealer: number, hands: number[][], faceUp: number, firstPackets: readonly [number, number]): number[] {
  const deck: number[] = [];
  const taken = [0, 0, 0, 0];
  for (const packet of firstPackets) {
    for (let k = 1; k <= 4; k++) {
      const seat = (dealer + k) & 3;
      for (let i = 0; i < packet; i++) deck.push(hands[seat]![taken[seat]!++]!);
    }
  }
  deck.push(faceUp);
  return deck;
}

export function deckFromHands(dealer: number, hands: number[][], faceUp: number, stock: number[] | null, firstPackets: readonly [number, number]): number[] {
  const deck = firstDeal(dealer, hands, faceUp, firstPackets);
  if (stock) deck.push(...stock);
  else {
    const used = new Set(deck);
    for (let c = 0; c < 32; c++) if (!used.has(c)) deck.push(c);
  }
  return checkDeck(deck);
}

/** Resolved profiles, deep-frozen and shared between states (nothing ever mutates a profile). */
const profileCache = new Map<string, RuleProfile>();

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * Deck from 8-card final hands: the seat listing the face-up card receives it; each seat's first
 * listed cards (face-up card excluded) are its first deal, the rest its completion packet.
 */
export function deckFromFinalHands(dealer: number, hands: number[][], faceUp: number, profile: RuleProfile): number[] {
  const receiver = hands.findIndex((h) => h.includes(faceUp));
  if (receiver < 0) badOptions("with 8-card hands, the face-up card must be in its receiver's hand");
  const first = profile.deal.firstPackets[0] + profile.deal.firstPackets[1];
  const firsts: number[][] = [];
  const rests: number[][] = [];
  for (let s = 0; s < 4; s++) {
    const list = hands[s]!.filter((c) => c !== faceUp);
    firsts.push(list.slice(0, first));
    rests.push(list.slice(first));
  }
  const deck = firstDeal(dealer, firsts, faceUp, profile.deal.firstPackets);
  for (let k = 1; k <= 4; k++) deck.push(...rests[(dealer + k) & 3]!);
  return checkDeck(deck);
}

export function resolveProfile(options: BalootOptions): RuleProfile {
  if (options.profile === undefined && options.overrides === undefined && options.targetScore === undefined) return defaultProfile;
  let base: RuleProfile = SAUDI_DEFAULT;
  if (typeof options.profile === "string") {
    const p = PROFILES[options.profile];
    if (!p) badOptions(`unknown profile ${JSON.stringify(options.profile)}; allowed: ${Object.keys(PROFILES).join(" | ")} or a complete profile object`);
    base = p;
  } else if (options.profile !== undefined) base = checkFullProfile(options.profile) as unknown as RuleProfile;
  let profile = options.overrides !== undefined ? withOverrides(base, checkOverrides(options.overrides) as ProfileOverrides) : base;
  if (options.targetScore !== undefined) profile = withOverrides(profile, checkOverrides({ targetScore: options.targetScore }) as ProfileOverrides);
  const json = JSON.stringify(profile);
  let cached = profileCache.get(json);
  if (!cached) {
    cached = deepFreeze(JSON.parse(json) as RuleProfile);
    if (profileCache.size < 256) profileCache.set(json, cached);
  }
  return cached;
}

export function setupState(seed: string, options: BalootOptions = {}): BalootState {
  if (options === null || typeof options !== "object" || Array.isArray(options)) badOptions("options must be an object");
  const profile = resolveProfile(options);
  // core's streamFor(seed, "dealer").int(4), with the hash computed as for the hands (deal.ts).
  const dealer = options.dealer ?? createRng(labelStreamState(seed, "dealer")).int(4);
  if (!Number.isInteger(dealer) || dealer < 0 || dealer > 3) badOptions("dealer must be 0..3");
  const decks: number[][] = [];
  if (options.decks) for (const d of options.decks) decks.push(checkDeck(parseList(d)));
  if (options.deck) decks[0] = checkDeck(parseList(options.deck));
  if (options.hands) {
    if (options.hands.length !== 4 || options.faceUp === undefined) badOptions("hands needs 4 entries and a faceUp card");
    const hands = options.hands.map((h) => parseList(h));
    const faceUp = parseList(options.faceUp)[0]!;
    const first = profile.deal.firstPackets[0] + profile.deal.firstPackets[1];
    if (hands.every((h) => h.length === first)) {
      const stock = options.stock === undefined ? null : parseList(options.stock);
      decks[0] = deckFromHands(dealer, hands, faceUp, stock, profile.deal.firstPackets);
    } else if (hands.every((h) => h.length === 8)) {
      decks[0] = deckFromFinalHands(dealer, hands, faceUp, profile);
    } else {
      badOptions(`hands must all hold the first-deal cards (${first}) or all 8 final cards`);
    }
  }
  const scores = options.scores ? [options.scores[0], options.scores[1]] : [0, 0];
  const state: BalootState = {
    game: "baloot",
    seed,
    profile,
    scores,
    handNo: 1,
    dealer,
    phase: "BIDDING",
    turn: -1,
    hand: emptyHand([]),
    decks,
    outcome: null,
  };
  return state;
}

/** Setup + the first deal, with its events. */
export function newMatch(seed: string, options: BalootOptions = {}): { state: BalootState; events: BalootEvent[] } {
  const state = setupState(seed, options);
  const events: BalootEvent[] = [];
  startHand(state, events);
  return { state, events };
}

/** Every legal move for `seat` now (empty when he is not to act). */
export function legalMoves(state: BalootState, seat: number): Move[] {
  if (seat !== state.turn) return [];
  switch (state.phase) {
    case "BIDDING":
      return bidMoves(state, seat);
    case "DOUBLING":
      return raiseMoves(state, seat);
    case "PLAYING": {
      const out: Move[] = [];
      if (canDeclare(state, seat)) {
        out.push({ k: "declare" });
        for (const choice of declareChoices(state, seat)) out.push({ k: "declare", choice });
      }
      playMoves(state, seat, out);
      if (state.hand.trick.length === 0 && sawaValid(state, seat)) out.push({ k: "sawa" });
      if (qaidAllowed(state, seat)) out.push({ k: "qaid" });
      return out;
    }
    case "QAID_WINDOW":
      return [{ k: "qaid" }, { k: "skipQaid" }];
    case "OVER":
      return [];
  }
}

/** The phase in which each kind of move is possible (QAID works in two). */
function phaseOk(k: Move["k"], phase: BalootState["phase"]): boolean {
  switch (k) {
    case "play":
    case "declare":
    case "sawa":
      return phase === "PLAYING";
    case "bid":
    case "confirm":
    case "kawesh":
      return phase === "BIDDING";
    case "raise":
    case "skip":
    case "setClosed":
      return phase === "DOUBLING";
    case "qaid":
      return phase === "PLAYING" || phase === "QAID_WINDOW";
    case "skipQaid":
      return phase === "QAID_WINDOW";
  }
}

/** Validates and applies one move in place, appending its events. */
export function applyMove(state: BalootState, seat: number, move: Move, events: BalootEvent[]): void {
  // Moves come in many shapes, so reading `k` is a megamorphic load: read once.
  const k = move.k;
  if (!Number.isInteger(seat) || seat < 0 || seat > 3) illegal("BAD_SEAT", `no seat ${String(seat)}`);
  if (state.phase === "OVER") illegal("MATCH_OVER", "the match is over");
  if (!phaseOk(k, state.phase)) illegal("WRONG_PHASE", `${k} is not possible during ${state.phase}`);
  if (k !== "play") {
    const why = notYourCall(state, seat, move);
    if (why !== null) illegal("NOT_YOUR_CALL", why);
  }
  if (seat !== state.turn) illegal("NOT_YOUR_TURN", `seat ${state.turn} is to act`);
  switch (k) {
    case "bid":
    case "confirm":
      return applyBid(state, seat, move, events);
    case "kawesh":
      return applyKawesh(state, seat, events);
    case "raise":
    case "skip":
    case "setClosed":
      return applyRaise(state, seat, move, events);
    case "declare":
      return applyDeclare(state, seat, move, events);
    case "play":
      return applyPlay(state, seat, move, events);
    case "sawa":
      return applySawa(state, seat, events);
    case "qaid":
      if (!qaidAllowed(state, seat)) illegal(state.profile.play.illegalCard === "QAID" ? "QAID_NOT_ALLOWED" : "QAID_DISABLED", "no Qaid challenge now");
      return applyQaid(state, seat, events);
    case "skipQaid":
      return applySkipQaid(state, seat, events);
  }
}

export function forfeitMatch(state: BalootState, team: number, reason: string): BalootEvent[] {
  if (team !== 0 && team !== 1) illegal("BAD_TEAM", "team must be 0 or 1");
  if (state.phase === "OVER") illegal("MATCH_OVER", "the match is over");
  state.phase = "OVER";
  state.turn = -1;
  const winnerTeam = team ^ 1;
  state.outcome = { winnerTeam, scores: state.scores.slice(), reason: `FORFEIT: ${reason}` };
  return [{ type: "matchOver", winnerTeam, scores: state.scores.slice(), reason: `FORFEIT: ${reason}` }];
}
