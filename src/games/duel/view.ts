/**
 * What a seat (or a spectator, null) may know. Hands, deck order and prize cards never appear
 * except the viewer's own hand; the others are counts. During setup each side's placements are
 * hidden from everyone but their owner until both are ready. A running search shows the matching
 * deck cards to the searching player only. `legal` lists the viewer's legal actions (empty when
 * the viewer has nothing to do), so clients and bots need no engine.
 */
import { legalActions, type DuelAction } from "./actions.js";
import { creatureCard } from "./attack.js";
import { statusList, top, type DuelOutcome, type DuelState, type InPlay, type Phase } from "./state.js";
import { searchMatches } from "./trainer.js";
import type { Condition, SearchFilter } from "./types.js";

export interface CreatureView {
  card: string;
  /** The evolution stack, basic first. */
  stack: string[];
  hp: number;
  damage: number;
  energy: string[];
  status: Condition[];
  /** Turn it came into play or last evolved (it may evolve in a later turn). */
  sinceTurn: number;
}

export interface SideView {
  seat: number;
  handCount: number;
  deckCount: number;
  prizeCount: number;
  discard: string[];
  /** null when empty or hidden (setup, not the viewer's side). */
  active: CreatureView | null;
  bench: CreatureView[];
  /** Setup: how many creatures this side has placed (the only thing others learn before the reveal). */
  placed: number;
  hidden: boolean;
  mulligans: number;
  ready: boolean;
  attachedThisTurn: boolean;
  retreatedThisTurn: boolean;
}

export interface SearchView {
  seat: number;
  card: string;
  filter: SearchFilter;
  left: number;
  takenCount: number;
  /** The searching player only: distinct ids of the deck cards that may still be taken, and those taken. */
  matches: string[] | null;
  taken: string[] | null;
}

export interface DuelView {
  viewer: number | null;
  set: string;
  phase: Phase;
  turn: number;
  current: number;
  first: number;
  prizeCount: number;
  players: SideView[];
  /** The viewer's own hand (null for spectators). */
  hand: string[] | null;
  search: SearchView | null;
  promote: number[];
  outcome: DuelOutcome | null;
  legal: DuelAction[];
}

function creatureView(state: DuelState, c: InPlay): CreatureView {
  return {
    card: top(c),
    stack: c.stack.slice(),
    hp: creatureCard(state, c).hp,
    damage: c.damage,
    energy: c.energy.slice(),
    status: statusList(c),
    sinceTurn: c.sinceTurn,
  };
}

export function buildView(state: DuelState, viewer: number | null): DuelView {
  const players = state.players.map((p, seat): SideView => {
    const hidden = state.phase === "SETUP" && seat !== viewer;
    return {
      seat,
      handCount: p.hand.length,
      deckCount: p.deck.length,
      prizeCount: p.prizes.length,
      discard: p.discard.slice(),
      active: hidden || !p.active ? null : creatureView(state, p.active),
      bench: hidden ? [] : p.bench.map((c) => creatureView(state, c)),
      placed: (p.active ? 1 : 0) + p.bench.length,
      hidden,
      mulligans: p.mulligans,
      ready: p.ready,
      attachedThisTurn: p.attached,
      retreatedThisTurn: p.retreated,
    };
  });
  const s = state.search;
  const own = s !== null && s.seat === viewer;
  return {
    viewer,
    set: state.set,
    phase: state.phase,
    turn: state.turn,
    current: state.current,
    first: state.first,
    prizeCount: state.prizeCount,
    players,
    hand: viewer === null ? null : state.players[viewer]!.hand.slice(),
    search: s && {
      seat: s.seat,
      card: s.card,
      filter: s.filter,
      left: s.left,
      takenCount: s.taken.length,
      matches: own ? searchMatches(state) : null,
      taken: own ? s.taken.slice() : null,
    },
    promote: state.promote.slice(),
    outcome: state.outcome && { ...state.outcome, scores: state.outcome.scores.slice() },
    legal: viewer === null ? [] : legalActions(state, viewer),
  };
}
