/**
 * The duel match state: plain JSON data. Cards are catalogue ids (strings); every zone is a list of
 * ids, so card conservation is a count over zones. Decks keep their top card at the END of the list.
 * Everything hidden (hands, deck order, prizes) leaves the engine only through view.ts.
 */
import type { Condition, SearchFilter } from "./types.js";
import type { DuelEvent } from "./events.js";

export type Phase = "SETUP" | "MAIN" | "SEARCH" | "PROMOTE" | "OVER";

/** A creature in play: its evolution stack, attached energy, damage counters and status. */
export interface InPlay {
  /** The basic at index 0, each evolution on top; the last id is the creature as it is now. */
  stack: string[];
  energy: string[];
  damage: number;
  /** Asleep and paralysed exclude each other (the newer replaces the older). */
  special: "asleep" | "paralysed" | null;
  poisoned: boolean;
  burned: boolean;
  /** Turn in which the creature came into play or last evolved (0 = placed during setup). */
  sinceTurn: number;
}

export interface PlayerState {
  /** Top of the deck is the last element. */
  deck: string[];
  hand: string[];
  prizes: string[];
  discard: string[];
  active: InPlay | null;
  bench: InPlay[];
  mulligans: number;
  /** Setup: this player has finished placing creatures. */
  ready: boolean;
  /** This turn: an energy was attached / a retreat was made. */
  attached: boolean;
  retreated: boolean;
}

export interface SearchState {
  seat: number;
  card: string;
  filter: SearchFilter;
  /** Cards still to take. */
  left: number;
  taken: string[];
}

export interface DuelOutcome {
  /** Seat (= team) that won; null for a draw. */
  winnerTeam: number | null;
  scores: number[];
  reason: string;
}

export interface DuelState {
  set: string;
  seed: string;
  prizeCount: number;
  phase: Phase;
  /** 0 during setup, then 1, 2, … (turn 1 belongs to `first`). */
  turn: number;
  current: number;
  first: number;
  /** Number of applied actions: the label of the next action's RNG stream. */
  actionNo: number;
  players: [PlayerState, PlayerState];
  search: SearchState | null;
  /** Seats that must promote a benched creature to the empty active spot, in order. */
  promote: number[];
  outcome: DuelOutcome | null;
  /** Events of the coin flip, shuffles, opening hands, mulligans and prizes (setup returns no events). */
  opening: DuelEvent[];
}

export const BENCH_SIZE = 5;

export function top(c: InPlay): string {
  return c.stack[c.stack.length - 1]!;
}

export function newInPlay(card: string, turn: number): InPlay {
  return { stack: [card], energy: [], damage: 0, special: null, poisoned: false, burned: false, sinceTurn: turn };
}

/** Slot 0 is the active creature, slots 1..5 the bench in order. */
export function creatureAt(p: PlayerState, slot: number): InPlay | null {
  if (slot === 0) return p.active;
  return p.bench[slot - 1] ?? null;
}

export function statusList(c: InPlay): Condition[] {
  const out: Condition[] = [];
  if (c.special) out.push(c.special);
  if (c.poisoned) out.push("poisoned");
  if (c.burned) out.push("burned");
  return out;
}

export function clearStatus(c: InPlay): void {
  c.special = null;
  c.poisoned = false;
  c.burned = false;
}

/** Every card a player owns, across all zones (the conservation invariant counts these). */
export function cardsOwned(state: DuelState, seat: number): number {
  const p = state.players[seat]!;
  let n = p.deck.length + p.hand.length + p.prizes.length + p.discard.length;
  for (const c of p.active ? [p.active, ...p.bench] : p.bench) n += c.stack.length + c.energy.length;
  return n;
}

export function opponent(seat: number): number {
  return 1 - seat;
}
