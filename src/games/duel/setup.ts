/**
 * Match creation and the setup phase: decks checked and shuffled, a seeded coin flip for the first
 * player, 7-card opening hands with mulligans, extra cards for the opponent of a mulligan, prize
 * cards face down; then each player places an active creature and up to 5 benched basics, hidden
 * from the other until both are ready.
 */
import { streamFor } from "../core/rng.js";
import { IllegalAction } from "../core/IllegalAction.js";
import { catalogueFor } from "./catalogue.js";
import { STARTER_DECKS, validateDeck, type DeckInput } from "./deck.js";
import type { DuelEvent } from "./events.js";
import { BENCH_SIZE, newInPlay, top, type DuelState, type PlayerState } from "./state.js";
import { startTurn } from "./turn.js";
import { draw, shuffleDeck, takeFromHand } from "./zones.js";

export const HAND_SIZE = 7;
export const DEFAULT_PRIZES = 6;
/** Cap on the extra cards a player draws for the opponent's additional mulligans. */
export const MAX_MULLIGAN_BONUS = 4;

export interface DuelOptions {
  /** Both players' decks (seat 0, seat 1); default: the two starter decks. */
  decks?: readonly [DeckInput, DeckInput] | readonly DeckInput[];
  /** Prize cards per player, 1..6 (default 6). */
  prizes?: number;
  /** Registered card set (default "core"). */
  set?: string;
  /** Test hook: the first player instead of the coin flip. */
  first?: number;
  /** Test hook: keep each deck in the given order (first card listed = top) instead of shuffling it. */
  noShuffle?: boolean;
}

function badOptions(msg: string): never {
  throw new IllegalAction("BAD_OPTIONS", msg);
}

function isBasic(state: DuelState, id: string): boolean {
  const c = catalogueFor(state.set).byId.get(id);
  return c?.kind === "creature" && c.stage === 0;
}

function emptyPlayer(deck: string[]): PlayerState {
  return { deck, hand: [], prizes: [], discard: [], active: null, bench: [], mulligans: 0, ready: false, attached: false, retreated: false };
}

export function newMatch(seed: string, options: DuelOptions = {}): DuelState {
  if (typeof options !== "object" || options === null) badOptions("options must be an object");
  const set = options.set ?? "core";
  catalogueFor(set);
  const prizeCount = options.prizes ?? DEFAULT_PRIZES;
  if (!Number.isInteger(prizeCount) || prizeCount < 1 || prizeCount > 6) badOptions("prizes must be an integer 1..6");
  if (options.first !== undefined && options.first !== 0 && options.first !== 1) badOptions("first must be 0 or 1");
  const inputs = options.decks ?? STARTER_DECKS;
  if (!Array.isArray(inputs) || inputs.length !== 2) badOptions("decks must list two decks");
  const decks = inputs.map((d, seat) => {
    const check = validateDeck(d, set);
    if (!check.ok) badOptions(`deck ${seat}: ${check.errors.map((e) => `${e.code} ${e.message}`).join("; ")}`);
    // Stored with the top card last.
    return check.cards.slice().reverse();
  });
  const state: DuelState = {
    set,
    seed,
    prizeCount,
    phase: "SETUP",
    turn: 0,
    current: 0,
    first: 0,
    actionNo: 0,
    players: [emptyPlayer(decks[0]!), emptyPlayer(decks[1]!)],
    search: null,
    promote: [],
    outcome: null,
    opening: [],
  };
  const events = state.opening;
  const coin = streamFor(seed, "coin");
  state.first = options.first ?? (coin.nextU32() & 1);
  events.push({ type: "coinFlip", first: state.first });
  for (const seat of [0, 1]) {
    const rng = streamFor(seed, `setup:${seat}`);
    const p = state.players[seat]!;
    if (!options.noShuffle) shuffleDeck(state, seat, rng, events);
    for (;;) {
      draw(state, seat, HAND_SIZE, events);
      if (p.hand.some((id) => isBasic(state, id))) break;
      // No basic creature: reveal the hand, shuffle it back and draw again.
      p.mulligans++;
      events.push({ type: "mulligan", seat, revealed: p.hand.slice() });
      p.deck.push(...p.hand.splice(0));
      shuffleDeck(state, seat, rng, events);
    }
  }
  for (const seat of [0, 1]) {
    const bonus = Math.min(MAX_MULLIGAN_BONUS, state.players[1 - seat]!.mulligans - state.players[seat]!.mulligans);
    if (bonus > 0) {
      events.push({ type: "extraDraw", seat, count: bonus });
      draw(state, seat, bonus, events);
    }
  }
  for (const seat of [0, 1]) {
    const p = state.players[seat]!;
    for (let i = 0; i < prizeCount; i++) p.prizes.push(p.deck.pop()!);
    events.push({ type: "prizesSet", seat, count: prizeCount });
  }
  return state;
}

function mustHoldBasic(state: DuelState, seat: number, card: string): void {
  if (!state.players[seat]!.hand.includes(card)) throw new IllegalAction("CARD_NOT_IN_HAND", `${card} is not in your hand`);
  if (!isBasic(state, card)) throw new IllegalAction("NOT_A_BASIC", `${card} is not a basic creature`);
}

/** Setup: place a basic from the hand as the active creature (hidden until both are ready). */
export function applySetActive(state: DuelState, seat: number, card: string, events: DuelEvent[]): void {
  const p = state.players[seat]!;
  if (p.ready) throw new IllegalAction("ALREADY_READY", "you have finished your setup");
  if (p.active) throw new IllegalAction("ACTIVE_ALREADY_SET", "your active creature is already placed");
  mustHoldBasic(state, seat, card);
  takeFromHand(state, seat, card);
  p.active = newInPlay(card, 0);
  events.push({ type: "placed", to: seat, card, slot: 0 });
}

/** Puts a basic from the hand on the bench: hidden during setup, public during a turn. */
export function applyBench(state: DuelState, seat: number, card: string, events: DuelEvent[]): void {
  const p = state.players[seat]!;
  if (state.phase === "SETUP" && p.ready) throw new IllegalAction("ALREADY_READY", "you have finished your setup");
  if (state.phase === "SETUP" && !p.active) throw new IllegalAction("NO_ACTIVE", "place your active creature before your bench");
  mustHoldBasic(state, seat, card);
  if (p.bench.length >= BENCH_SIZE) throw new IllegalAction("BENCH_FULL", `the bench holds at most ${BENCH_SIZE} creatures`);
  takeFromHand(state, seat, card);
  p.bench.push(newInPlay(card, state.turn));
  const slot = p.bench.length;
  events.push(state.phase === "SETUP" ? { type: "placed", to: seat, card, slot } : { type: "benched", seat, card, slot });
}

/** Setup: done placing. When both are ready the placements are revealed and turn 1 starts. */
export function applyReady(state: DuelState, seat: number, events: DuelEvent[]): void {
  const p = state.players[seat]!;
  if (p.ready) throw new IllegalAction("ALREADY_READY", "you have finished your setup");
  if (!p.active) throw new IllegalAction("NO_ACTIVE", "place an active creature first");
  p.ready = true;
  events.push({ type: "ready", seat });
  if (!state.players.every((q) => q.ready)) return;
  events.push({ type: "revealed", sides: state.players.map((q) => ({ active: top(q.active!), bench: q.bench.map(top) })) });
  state.phase = "MAIN";
  startTurn(state, state.first, events);
}
