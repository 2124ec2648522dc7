/**
 * The two-player trading-card duel as a GameDefinition (src/games/core/GameDefinition.ts).
 * Rules, actions, events, views and the card data format: README.md.
 */
import type { BotMemory, GameDefinition, Seat } from "../core/GameDefinition.js";
import type { Rng } from "../core/rng.js";
import { activeSeats, legalActions, type DuelAction } from "./actions.js";
import { botFromView, randomFromView } from "./bot.js";
import { summarise, type DuelBoxScore } from "./boxscore.js";
import { applyAction, forfeitMatch, timeoutAction } from "./engine.js";
import { eventVisibleTo, isCheckpoint, type DuelEvent } from "./events.js";
import { newMatch, type DuelOptions } from "./setup.js";
import type { DuelOutcome, DuelState } from "./state.js";
import { buildView, type DuelView } from "./view.js";
import { validateDeck as validateDeckRules, type DeckInput } from "./deck.js";

export type { DuelAction, DuelBoxScore, DuelEvent, DuelOptions, DuelOutcome, DuelState, DuelView };
export type { CreatureView, SideView, SearchView } from "./view.js";
export type { Card, CardSet, CreatureCard, EnergyCard, TrainerCard, Effect, Attack, Element, Condition } from "./types.js";
export { validateDeck, STARTER_DECKS, DECK_SIZE, MAX_COPIES, type DeckInput, type DeckCheck, type DeckError } from "./deck.js";
export { cardList, catalogueFor, parseCardSet, registerCardSet, CORE } from "./catalogue.js";
export { applyAction, forfeitMatch, timeoutAction } from "./engine.js";
export { activeSeats, legalActions, parseAction } from "./actions.js";
export { newMatch } from "./setup.js";
export { buildView } from "./view.js";
export { botFromView, randomFromView } from "./bot.js";
export { cardsOwned } from "./state.js";

/** The opening events (coin flip, shuffles, opening hands, mulligans, prizes): the room logs them first. */
export function initialEvents(state: DuelState): DuelEvent[] {
  return structuredClone(state.opening);
}

export const duel: GameDefinition<DuelState, DuelAction, DuelView, DuelEvent, DuelOutcome, DuelBoxScore, DuelOptions> = {
  name: "duel",
  minSeats: 2,
  maxSeats: 2,
  teams: () => [[0], [1]],
  setup({ seed, seats, options }) {
    if (seats !== 2) throw new RangeError("the duel is played by 2 seats");
    return newMatch(seed, options ?? {});
  },
  activeSeats: (state) => activeSeats(state),
  legalActions: (state, seat) => legalActions(state, seat),
  apply(state, seat, action) {
    const events: DuelEvent[] = [];
    applyAction(state, seat, action, events);
    return { state, events };
  },
  view: (state, seat) => buildView(state, seat),
  timeoutAction: (state, seat) => timeoutAction(state, seat),
  // The bot decides from its seat's view only (the contract never hands it the state); no memory needed.
  bot: (view: DuelView, memory: BotMemory, rng: Rng) => ({ action: botFromView(view, rng), memory }),
  forfeit: (state, team, reason) => ({ state, events: forfeitMatch(state, team, reason) }),
  outcome: (state) => (state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null),
  summarise: (events) => summarise(events),
  eventVisibleTo,
  isCheckpoint,
  clone: (state) => structuredClone(state),
  validateDeck: (deck) => validateDeckRules(deck as DeckInput),
};

/** The uniformly random legal bot, through the seat's view. */
export function randomBot(state: DuelState, seat: Seat, rng: Rng): DuelAction {
  return randomFromView(buildView(state, seat), rng);
}

export default duel;
