/**
 * Baloot's bots behind the GameDefinition contract: a bot gets its seat's view (never the state),
 * its memory and an rng (core/GameDefinition.ts, "Bots").
 *
 * Memory: Baloot's view carries the whole public history of the hand being played (tricks, bids,
 * projects, Baloot), so these bots need nothing from earlier turns and return `null`; a seat taken
 * over mid-hand plays exactly as well as one played by a bot from the start.
 */
import type { BotDecision, BotLevel, BotMemory } from "../../core/GameDefinition.js";
import type { Rng } from "../../core/rng.js";
import { toAction, type BalootAction, type Move } from "../actions.js";
import type { BalootState } from "../state.js";
import type { BalootView } from "../view.js";
import { heuristicDecision } from "./heuristic.js";
import { knowledgeFromState, knowledgeFromView } from "./knowledge.js";
import { searchDecision } from "./search.js";

/** The contract's `bot`: "basic" = heuristic, "strong" = determinised search. */
export function balootBot(view: BalootView, _memory: BotMemory, rng: Rng, level: BotLevel = "basic"): BotDecision<BalootAction> {
  if (view.seat === null) throw new Error("a bot plays a seat; this is a spectator's view");
  if (view.legalActions.length === 0) throw new Error(`seat ${view.seat} has nothing to do`);
  const move = level === "strong" ? searchDecision(view, rng) : heuristicDecision(knowledgeFromView(view));
  return { action: toAction(move), memory: null };
}

/**
 * The heuristic's move read straight from a state, for benches and tools that drive the engine in
 * bulk: the same policy as the "basic" bot, fed by `knowledgeFromState`, which copies only the
 * seat's own hand and public facts (so it decides exactly as from the seat's view).
 */
export function heuristicMove(state: BalootState, seat: number): Move {
  return heuristicDecision(knowledgeFromState(state, seat));
}
