/**
 * Positions: start an engine state from a described play position (contract, doubling, hands,
 * cards already played, projects declared, match score) instead of writing internal fields.
 * Everything is validated and the played cards are replayed through `applyMove`, so a position is
 * reachable under the rules or refused with a BAD_POSITION_* code (README: "Positions").
 */
import { IllegalAction, isIllegalAction } from "../core/IllegalAction.js";
import type { Move } from "./actions.js";
import { parseCard, SUITS } from "./cards.js";
import { deckFromFinalHands, setupState, applyMove, type BalootOptions } from "./engine.js";
import { emptyHand } from "./deal.js";
import { sunDoubleAllowed } from "./doubling.js";
import { isAshkalSeat } from "./bidding.js";
import { startPlay } from "./play.js";
import { beats, CARD_NAMES } from "./tables.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

/** A played card: its name, or the name with the Akka / Baloot calls made with it. */
export type PlayedCard = string | { card: string; akka?: boolean; baloot?: boolean };

export interface PositionDescription {
  /** Dealer 0..3 (`D+1` led trick 1). */
  dealer: number;
  contract: { kind: "SUN" | "HOKUM"; trump?: "S" | "H" | "D" | "C"; buyer: number; ashkal?: boolean };
  /** Doubling level 1..4 (default 1); `gahwa` for a Gahwa hand; `closed` for a closed Hokum. */
  level?: number;
  gahwa?: boolean;
  closed?: boolean;
  /** The seat that doubled (required when level ≥ 2 or gahwa). */
  doubler?: number;
  /** Each seat's cards now (4 lists). */
  hands: readonly (string | readonly string[])[];
  /** Every card played this hand, in play order from the first lead of trick 1 (completed tricks, then the current one). */
  played?: readonly PlayedCard[];
  /** Projects declared in trick 1 (each seat: the list of its projects' cards; null/absent = none). */
  projects?: readonly (readonly (string | readonly string[])[] | null | undefined)[];
  /** Optional checks: the seat to lead the current trick, and the 0-based trick number; refused if they disagree with `played`. */
  leader?: number;
  trickNo?: number;
  /** The face-up card, if known: it must be in the hand of the seat that took it (buyer, or his partner after Ashkal). */
  faceUp?: string;
  /** Match score before this hand (default [0, 0]) and the hand number (default 1). */
  scores?: readonly [number, number];
  handNo?: number;
}

function bad(code: string, message: string): never {
  throw new IllegalAction(code, message);
}

function seatOk(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3;
}

function cardList(input: string | readonly string[], what: string): number[] {
  const list = typeof input === "string" ? input.split(/[\s,]+/).filter((x) => x.length > 0) : input;
  if (!Array.isArray(list)) bad("BAD_POSITION", `${what} must be a list of cards`);
  return list.map((name) => {
    const c = typeof name === "string" ? parseCard(name) : -1;
    if (c < 0) bad("BAD_POSITION_CARDS", `${what}: not a card: ${JSON.stringify(name)}`);
    return c;
  });
}

interface PlayedEntry {
  card: number;
  akka: boolean;
  baloot: boolean;
  seat: number;
}

/** Who played each card (trick 1 led by D+1, each later trick by the previous winner). */
function assignSeats(played: readonly PlayedCard[], dealer: number, trump: number): PlayedEntry[] {
  const out: PlayedEntry[] = [];
  let leader = (dealer + 1) & 3;
  let winSeat = leader;
  let winCard = -1;
  played.forEach((p, i) => {
    const obj = typeof p === "string" ? { card: p } : p;
    if (obj === null || typeof obj !== "object" || typeof obj.card !== "string") bad("BAD_POSITION", `played[${i}] must be a card or { card, akka?, baloot? }`);
    const card = parseCard(obj.card);
    if (card < 0) bad("BAD_POSITION_CARDS", `played[${i}]: not a card: ${JSON.stringify(obj.card)}`);
    const k = i & 3;
    const seat = (leader + k) & 3;
    if (k === 0 || beats(card, winCard, trump)) {
      winSeat = seat;
      winCard = card;
    }
    out.push({ card, akka: obj.akka === true, baloot: obj.baloot === true, seat });
    if (k === 3) leader = winSeat;
  });
  return out;
}

function checkContract(desc: PositionDescription, state: BalootState): { kind: "SUN" | "HOKUM"; trump: number; buyer: number; ashkal: boolean } {
  const c = desc.contract;
  if (c === null || typeof c !== "object") bad("BAD_POSITION_CONTRACT", "contract must be { kind, trump?, buyer, ashkal? }");
  if (c.kind !== "SUN" && c.kind !== "HOKUM") bad("BAD_POSITION_CONTRACT", 'contract.kind must be "SUN" or "HOKUM"');
  if (!seatOk(c.buyer)) bad("BAD_POSITION_CONTRACT", "contract.buyer must be a seat 0..3");
  const ashkal = c.ashkal === true;
  let trump = -1;
  if (c.kind === "HOKUM") {
    trump = SUITS.indexOf(c.trump as (typeof SUITS)[number]);
    if (trump < 0) bad("BAD_POSITION_CONTRACT", "a Hokum contract needs trump S, H, D or C");
    if (ashkal) bad("BAD_POSITION_CONTRACT", "Ashkal is a Sun contract (§6.5)");
  } else if (c.trump !== undefined) bad("BAD_POSITION_CONTRACT", "a Sun contract has no trump");
  if (ashkal && !isAshkalSeat(state, c.buyer)) bad("BAD_POSITION_CONTRACT", `seat ${c.buyer} may not call Ashkal with dealer ${state.dealer} (profile ashkalSeats)`);
  return { kind: c.kind, trump, buyer: c.buyer, ashkal };
}

function applyDoubling(desc: PositionDescription, state: BalootState): void {
  const h = state.hand;
  const c = h.contract!;
  const level = desc.level ?? 1;
  const gahwa = desc.gahwa === true;
  const closed = desc.closed === true;
  if (!Number.isInteger(level) || level < 1 || level > 4) bad("BAD_POSITION_DOUBLING", "level must be 1, 2, 3 or 4");
  if (c.kind === "SUN" && (level > 2 || gahwa || closed)) bad("BAD_POSITION_DOUBLING", "a Sun is only doubled (×2), never closed (§7.3)");
  if (c.kind === "SUN" && level === 2 && !sunDoubleAllowed(state)) bad("BAD_POSITION_DOUBLING", "this match score does not allow doubling a Sun (§7.3)");
  if (gahwa && level !== 4) bad("BAD_POSITION_DOUBLING", "a Gahwa follows a Four: give level 4");
  if (closed && level < 2) bad("BAD_POSITION_DOUBLING", "only a doubled Hokum can be closed (§7.4)");
  const doubled = level >= 2;
  if (doubled !== (desc.doubler !== undefined)) bad("BAD_POSITION_DOUBLING", doubled ? "a doubled hand needs its doubler" : "a doubler needs level ≥ 2");
  if (doubled) {
    const d = desc.doubler!;
    if (!seatOk(d) || (d & 1) === (c.buyer & 1)) bad("BAD_POSITION_DOUBLING", "the doubler must be an opponent of the buyer");
    h.doubler = d;
    // Who raised last: the doubler at ×2 and ×4, the buyer at ×3 and Gahwa (§7.2).
    const steps: [number, number][] = [[2, d], [3, c.buyer], [4, d], [5, c.buyer]];
    const upTo = gahwa ? 5 : level;
    for (const [lv, seat] of steps) if (lv <= upTo) h.raises.push({ seat, level: lv, closed });
    h.lastRaiser = h.raises[h.raises.length - 1]!.seat;
  }
  h.level = level;
  h.gahwa = gahwa;
  h.closed = closed;
}

/**
 * A state at the described play position, as if the hand had been played to there under the
 * rules of `options` (profile, overrides, targetScore). Throws IllegalAction with a BAD_POSITION_*
 * code (or BAD_OPTIONS) and changes nothing else.
 */
export function fromPosition(desc: PositionDescription, options: BalootOptions = {}, seed = "position"): BalootState {
  if (desc === null || typeof desc !== "object") bad("BAD_POSITION", "a position must be an object");
  if (!seatOk(desc.dealer)) bad("BAD_POSITION", "dealer must be a seat 0..3");
  if (options.dealer !== undefined || options.deck !== undefined || options.decks !== undefined || options.hands !== undefined || options.scores !== undefined) {
    bad("BAD_OPTIONS", "a position gives dealer, hands and scores itself: pass only profile, overrides and targetScore as options");
  }
  const scores = desc.scores ?? [0, 0];
  if (!Array.isArray(scores) || scores.length !== 2 || !scores.every((x) => Number.isInteger(x) && x >= 0)) bad("BAD_POSITION", "scores must be two non-negative integers");
  const handNo = desc.handNo ?? 1;
  if (!Number.isInteger(handNo) || handNo < 1) bad("BAD_POSITION", "handNo must be a positive integer");
  const state = setupState(seed, { ...options, dealer: desc.dealer, scores: [scores[0], scores[1]] });
  state.handNo = handNo;
  const contract = checkContract(desc, state);

  // Cards: current hands + played cards = 32 distinct; each hand has 8 minus what its seat played.
  if (!Array.isArray(desc.hands) || desc.hands.length !== 4) bad("BAD_POSITION", "hands must list 4 seats");
  const hands = desc.hands.map((h, s) => cardList(h, `hands[${s}]`));
  if (desc.played !== undefined && !Array.isArray(desc.played)) bad("BAD_POSITION", "played must be a list of cards in play order");
  const played = assignSeats(desc.played ?? [], desc.dealer, contract.trump);
  if (played.length >= 32) bad("BAD_POSITION_PLAY", "all 32 cards are played: the hand is over, not a position");
  const seen = new Map<number, string>();
  const note = (c: number, where: string): void => {
    const before = seen.get(c);
    if (before) bad("BAD_POSITION_CARDS", `${CARD_NAMES[c]} appears twice (${before} and ${where})`);
    seen.set(c, where);
  };
  hands.forEach((list, s) => list.forEach((c) => note(c, `hands[${s}]`)));
  played.forEach((p, i) => note(p.card, `played[${i}]`));
  if (seen.size !== 32) {
    const missing: string[] = [];
    for (let c = 0; c < 32; c++) if (!seen.has(c)) missing.push(CARD_NAMES[c] as string);
    bad("BAD_POSITION_CARDS", `the position must hold all 32 cards; missing ${missing.join(" ")}`);
  }
  const full = [0, 0, 0, 0];
  hands.forEach((list, s) => list.forEach((c) => (full[s] = (full[s]! | (1 << c)) >>> 0)));
  for (const p of played) full[p.seat] = (full[p.seat]! | (1 << p.card)) >>> 0;
  for (let s = 0; s < 4; s++) {
    const n = played.filter((p) => p.seat === s).length;
    if (hands[s]!.length !== 8 - n) bad("BAD_POSITION_HAND_SIZE", `seat ${s} has played ${n} card(s), so holds ${8 - n}, not ${hands[s]!.length}`);
  }

  const faceUpTo = contract.ashkal ? (contract.buyer + 2) & 3 : contract.buyer;
  let faceUp = -1;
  if (desc.faceUp !== undefined) {
    faceUp = typeof desc.faceUp === "string" ? parseCard(desc.faceUp) : -1;
    if (faceUp < 0) bad("BAD_POSITION_CARDS", `faceUp: not a card: ${JSON.stringify(desc.faceUp)}`);
    if (((full[faceUpTo]! >>> faceUp) & 1) === 0) bad("BAD_POSITION_CONTRACT", `the face-up card ${CARD_NAMES[faceUp]} must belong to seat ${faceUpTo}, who took it`);
  }
  const fullLists = full.map((m) => {
    const out: number[] = [];
    for (let c = 0; c < 32; c++) if ((m >>> c) & 1) out.push(c);
    return out;
  });
  const h = emptyHand(faceUp >= 0 ? deckFromFinalHands(desc.dealer, fullLists, faceUp, state.profile) : fullLists.flat());
  h.faceUp = faceUp;
  h.hands = full.slice();
  h.full = full.slice();
  h.contract = { kind: contract.kind, trump: contract.trump, buyer: contract.buyer, ashkal: contract.ashkal, faceUpTo };
  state.hand = h;
  applyDoubling(desc, state);
  startPlay(state, null);

  // Replay the played cards (and the trick-1 declarations) through the validating dispatcher.
  const declared = checkProjectsShape(desc);
  const scratch: BalootEvent[] = [];
  const declareIfDue = (seat: number): void => {
    const list = declared[seat];
    if (!list || state.hand.trickNo !== 0 || state.hand.declared[seat] !== null) return;
    run({ k: "declare", choice: list.map((cards) => ({ cards, kind: null })) }, seat, `projects of seat ${seat}`, "BAD_POSITION_PROJECTS");
  };
  const run = (move: Move, seat: number, what: string, code: string): void => {
    try {
      applyMove(state, seat, move, scratch);
    } catch (err) {
      if (isIllegalAction(err)) bad(code, `${what}: ${err.message} (${err.code})`);
      throw err;
    }
    scratch.length = 0;
  };
  played.forEach((p, i) => {
    declareIfDue(p.seat);
    run({ k: "play", card: p.card, akka: p.akka, baloot: p.baloot }, p.seat, `played[${i}] ${CARD_NAMES[p.card]} by seat ${p.seat}`, "BAD_POSITION_PLAY");
  });
  if (state.phase !== "PLAYING") bad("BAD_POSITION_PLAY", "the played cards end the hand: not a position");
  declareIfDue(state.turn);
  for (let s = 0; s < 4; s++) {
    if (declared[s] && state.hand.declared[s] === null) {
      bad("BAD_POSITION_PROJECTS", `seat ${s} declares at its own turn in trick 1, which has not come yet`);
    }
  }
  if (desc.leader !== undefined && desc.leader !== state.hand.leader) bad("BAD_POSITION_LEADER", `the played cards make seat ${state.hand.leader} the leader of the current trick, not ${desc.leader}`);
  if (desc.trickNo !== undefined && desc.trickNo !== state.hand.trickNo) bad("BAD_POSITION_LEADER", `the played cards put the hand in trick ${state.hand.trickNo} (0-based), not ${desc.trickNo}`);
  return state;
}

function checkProjectsShape(desc: PositionDescription): (number[] | null)[] {
  const out: (number[] | null)[] = [null, null, null, null];
  if (desc.projects === undefined) return out;
  if (!Array.isArray(desc.projects) || desc.projects.length !== 4) bad("BAD_POSITION_PROJECTS", "projects must list 4 seats (null for a seat without projects)");
  desc.projects.forEach((list, s) => {
    if (list === null || list === undefined) return;
    if (!Array.isArray(list) || list.length === 0) bad("BAD_POSITION_PROJECTS", `projects[${s}] must be a non-empty list of projects (each a list of cards)`);
    out[s] = list.map((cards, i) => {
      let m = 0;
      for (const c of cardList(cards, `projects[${s}][${i}]`)) m = (m | (1 << c)) >>> 0;
      return m;
    });
  });
  return out;
}
