/** Uniformly random legal bot (tests, load generation and the bench baseline). */
import type { Rng } from "../../core/rng.js";
import { streamFor } from "../../core/rng.js";
import type { Move } from "../actions.js";
import { legalMoves } from "../engine.js";
import type { BalootState } from "../state.js";

/** A stream for bots called without one: derived from the state so the choice is reproducible. */
export function stateRng(state: BalootState, seat: number): Rng {
  return streamFor(state.seed, `bot:${state.handNo}:${seat}:${state.hand.played}:${state.hand.bidding.history.length}:${state.hand.raises.length}`);
}

export function randomMove(state: BalootState, seat: number, rng?: Rng): Move {
  const moves = legalMoves(state, seat);
  if (moves.length === 0) throw new Error(`seat ${seat} has nothing to do`);
  const r = rng ?? stateRng(state, seat);
  return moves[r.int(moves.length)]!;
}
