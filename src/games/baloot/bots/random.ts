/** Uniformly random legal bot (tests, load generation and the bench baseline). */
import type { Rng } from "../../core/rng.js";
import { streamFor } from "../../core/rng.js";
import type { BalootAction, Move } from "../actions.js";
import { legalMoves } from "../engine.js";
import type { BalootState } from "../state.js";
import type { BalootView } from "../view.js";

/** A stream for callers without one: derived from the state so the choice is reproducible. */
export function stateRng(state: BalootState, seat: number): Rng {
  return streamFor(state.seed, `bot:${state.handNo}:${seat}:${state.hand.played}:${state.hand.bidding.history.length}:${state.hand.raises.length}`);
}

/** Random legal move straight from a state (benches and engine property tests drive the engine with it). */
export function randomMove(state: BalootState, seat: number, rng?: Rng): Move {
  const moves = legalMoves(state, seat);
  if (moves.length === 0) throw new Error(`seat ${seat} has nothing to do`);
  const r = rng ?? stateRng(state, seat);
  return moves[r.int(moves.length)]!;
}

/** Random legal action from the seat's view: a bot that decides from the view only, like the others. */
export function randomAction(view: BalootView, rng: Rng): BalootAction {
  const actions = view.legalActions;
  if (actions.length === 0) throw new Error(`seat ${String(view.seat)} has nothing to do`);
  return actions[rng.int(actions.length)]!;
}
