/**
 * Saudi Baloot as a GameDefinition (src/games/core/GameDefinition.ts). Public API: README.md.
 */
import type { GameDefinition, Seat } from "../core/GameDefinition.js";
import type { Rng } from "../core/rng.js";
import { parseAction, toAction, type BalootAction, type Move } from "./actions.js";
import { summarise, type BalootBoxScore } from "./boxscore.js";
import { applyMove, forfeitMatch, legalMoves, newMatch, type BalootOptions } from "./engine.js";
import { eventVisibleTo, isCheckpoint, type BalootEvent } from "./events.js";
import { balootBot } from "./bots/index.js";
import { randomMove } from "./bots/random.js";
import { legalCardMask } from "./legal.js";
import { publicLegalActions } from "./publicActions.js";
import { CARD_NAMES, cardPoints } from "./tables.js";
import { namesOf } from "./deal.js";
import { buildPrivateView, buildView, type BalootPrivateView, type BalootView } from "./view.js";
import type { BalootOutcome, BalootState } from "./state.js";

export type { BalootAction, BalootBoxScore, BalootEvent, BalootOptions, BalootOutcome, BalootPrivateView, BalootState, BalootView, Move };

/** A seat's private part of its view (own cards, legal actions, own projects): see view.ts. */
export function privateView(state: BalootState, seat: number): BalootPrivateView {
  return buildPrivateView(state, seat);
}
export { dealForHand } from "./deal.js";
export { legalCardMask } from "./legal.js";
export { applyMove, legalMoves, newMatch } from "./engine.js";
export { parseAction, toAction } from "./actions.js";
export { balootBot, heuristicMove } from "./bots/index.js";
export { searchDecision, DEFAULT_SEARCH_BUDGET, type SearchBudget } from "./bots/search.js";
export { randomMove, randomAction } from "./bots/random.js";
export { PROFILES, SAUDI_DEFAULT, KAMMELNA_LIKE } from "./profile.js";
export { fromPosition, type PositionDescription, type PlayedCard } from "./position.js";
export {
  applyHandToMatch,
  compareTeamProjects,
  findProjects,
  scoreHand,
  type HandInput,
  type HandResult,
  type ProjectInfo,
  type RulesOptions,
  type SeatProject,
  type TeamProjectsComparison,
} from "./publicScoring.js";

/**
 * The opening events of the hand being dealt (handStarted, the four private `dealt` events, faceUp),
 * rebuilt from the state. `setup` cannot return events, so the room calls this right after setup
 * and logs them first; later hands' opening events come out of `apply` as usual.
 */
export function initialEvents(state: BalootState): BalootEvent[] {
  const h = state.hand;
  const [p1, p2] = state.profile.deal.firstPackets;
  const first = [0, 0, 0, 0];
  let pos = 0;
  for (const packet of [p1, p2]) {
    for (let k = 1; k <= 4; k++) {
      const seat = (state.dealer + k) & 3;
      for (let i = 0; i < packet; i++) first[seat] = (first[seat]! | (1 << h.deck[pos++]!)) >>> 0;
    }
  }
  const events: BalootEvent[] = [{ type: "handStarted", hand: state.handNo, dealer: state.dealer, scores: state.scores.slice() }];
  for (let s = 0; s < 4; s++) events.push({ type: "dealt", to: s, cards: namesOf(first[s]!) });
  events.push({ type: "faceUp", card: CARD_NAMES[h.faceUp] as string });
  return events;
}

/** Safe default when a seat's clock runs out: pass, skip raises, open, lowest-value legal card, no challenge. */
export function timeoutMove(state: BalootState, seat: number): Move {
  const moves = legalMoves(state, seat);
  if (moves.length === 0) throw new Error(`seat ${seat} has nothing to do`);
  const find = (pred: (m: Move) => boolean): Move | undefined => moves.find(pred);
  switch (state.phase) {
    case "BIDDING":
      return find((m) => m.k === "bid" && m.bid === "PASS") ?? find((m) => m.k === "confirm" && !m.sun) ?? moves[0]!;
    case "DOUBLING":
      return find((m) => m.k === "skip") ?? find((m) => m.k === "setClosed" && !m.closed) ?? moves[0]!;
    case "QAID_WINDOW":
      return find((m) => m.k === "skipQaid")!;
    default: {
      const trump = state.hand.contract!.trump;
      let m = legalCardMask(state, seat);
      let best = -1;
      let bestKey = Infinity;
      while (m !== 0) {
        const c = 31 - Math.clz32((m & -m) >>> 0);
        m = (m & (m - 1)) >>> 0;
        const key = cardPoints(c, trump) * 64 + (c >>> 3 === trump ? 32 : 0) + (c & 7);
        if (key < bestKey) {
          bestKey = key;
          best = c;
        }
      }
      return { k: "play", card: best, akka: false, baloot: false };
    }
  }
}

/** The events of the action being applied (see `apply`). */
const applyEvents: BalootEvent[] = [];

export const baloot: GameDefinition<BalootState, BalootAction, BalootView, BalootEvent, BalootOutcome, BalootBoxScore, BalootOptions> = {
  name: "baloot",
  minSeats: 4,
  maxSeats: 4,
  teams: () => [
    [0, 2],
    [1, 3],
  ],
  setup({ seed, seats, options }) {
    if (seats !== 4) throw new RangeError("Baloot is played by 4 seats");
    return newMatch(seed, options ?? {}).state;
  },
  activeSeats: (state) => (state.turn >= 0 && state.phase !== "OVER" ? [state.turn] : []),
  legalActions: (state, seat) => publicLegalActions(state, seat),
  apply(state, seat, action) {
    const move = parseAction(action);
    // Events are collected in one reused array and handed out as an exact-size copy: a fresh
    // array grown by push reserves 17 slots for the one or two events most actions make. It is
    // emptied by popping: setting `length = 0` drops its backing store, which the next push
    // allocates again. (It keeps the last action's events until the next call.)
    const scratch = applyEvents;
    while (scratch.length > 0) scratch.pop();
    applyMove(state, seat, move, scratch);
    return { state, events: scratch.slice() };
  },
  view: (state, seat) => buildView(state, seat),
  timeoutAction: (state, seat) => toAction(timeoutMove(state, seat)),
  bot: balootBot,
  forfeit(state, team, reason) {
    return { state, events: forfeitMatch(state, team, reason) };
  },
  outcome: (state) => (state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null),
  summarise: (events) => summarise(events),
  eventVisibleTo,
  isCheckpoint,
  clone: (state) => structuredClone(state),
};

/** A uniformly random legal action straight from a state (tests and load generation drive the engine with it). */
export function randomBot(state: BalootState, seat: Seat, rng?: Rng): BalootAction {
  return toAction(randomMove(state, seat, rng));
}

export default baloot;
