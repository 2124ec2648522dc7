/**
 * Dice baseball as a GameDefinition (src/games/core/GameDefinition.ts). Public API: README.md.
 */
import type { BotMemory, GameDefinition, Seat } from "../core/GameDefinition.js";
import type { Rng } from "../core/rng.js";
import { decisionAction, parseAction, type BaseballAction } from "./actions.js";
import { botDecide } from "./bot.js";
import { summarise, type BaseballBoxScore } from "./boxscore.js";
import { defaultDecision } from "./decisions.js";
import { legalActions } from "./legal.js";
import { activeSeats, applyParsed, forfeitGame, setupState } from "./engine.js";
import { eventVisibleTo, isCheckpoint, type BaseballEvent } from "./events.js";
import type { BaseballOptions } from "./options.js";
import { battingTeam, cloneState, type BaseballOutcome, type BaseballState } from "./state.js";
import { buildView, type BaseballView } from "./view.js";

export type { BaseballAction, BaseballBoxScore, BaseballEvent, BaseballOptions, BaseballOutcome, BaseballState, BaseballView };
export { botDecide } from "./bot.js";
export { buildView } from "./view.js";
export { initialEvents, setupState } from "./engine.js";
export { validateCardSet } from "./cards.js";
export { shippedSet } from "./sets.js";

function timeoutAction(s: BaseballState, seat: Seat): BaseballAction {
  switch (s.phase) {
    case "LINEUPS":
      return { type: "lineup" };
    case "DICE":
      return { type: "rollForMe" };
    case "DECIDE":
      return decisionAction(defaultDecision(s, seat === battingTeam(s) ? "offense" : "defense"));
    case "OVER":
      throw new Error("the game is over");
  }
}

export const baseball: GameDefinition<BaseballState, BaseballAction, BaseballView, BaseballEvent, BaseballOutcome, BaseballBoxScore, BaseballOptions> = {
  name: "baseball",
  minSeats: 2,
  maxSeats: 2,
  teams: () => [[0], [1]],
  setup({ seed, seats, options }) {
    if (seats !== 2) throw new RangeError("baseball is played by 2 managers");
    return setupState(seed, options);
  },
  activeSeats,
  legalActions,
  apply(state, seat, action) {
    const parsed = parseAction(action);
    const events: BaseballEvent[] = [];
    applyParsed(state, seat, parsed, events);
    return { state, events };
  },
  view: (state, seat) => buildView(state, seat, true),
  timeoutAction,
  // The bot decides from the seat's view only (the contract never hands it the state); no memory needed.
  bot: (view: BaseballView, memory: BotMemory, rng: Rng) => ({ action: botDecide(view, rng), memory }),
  forfeit(state, team, reason) {
    return { state, events: forfeitGame(state, team, reason) };
  },
  outcome: (state) => (state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null),
  summarise: (events) => summarise(events),
  eventVisibleTo,
  isCheckpoint,
  clone: (state) => cloneState(state),
};

export default baseball;
