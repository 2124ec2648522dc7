import type { Rng } from "./rng.js";

/** Seat index at a table: 0..seats-1. `null` stands for a spectator wherever a viewer is asked for. */
export type Seat = number;

export interface SetupContext<Options> {
  /** Secret seed (hex, >= 128 bits). The whole match is a pure function of (options, seed, actions). */
  seed: string;
  seats: number;
  options: Options;
}

export interface ApplyResult<State, Event> {
  state: State;
  events: Event[];
}

/**
 * One game as a value (see docs/DESIGN.md, "The game contract").
 *
 * Engines are pure and deterministic: no clocks, sockets, databases or Math.random.
 * `apply` validates completely before it changes anything; it may update `state` in place
 * (for speed) and returns the state to use from then on. Callers that need the old state
 * keep a `clone` of it.
 */
export interface GameDefinition<State, Action, View, Event, Outcome, BoxScore, Options = unknown> {
  readonly name: string;
  readonly minSeats: number;
  readonly maxSeats: number;
  /** Seats per team, e.g. [[0, 2], [1, 3]] for Baloot. */
  teams(seats: number): Seat[][];
  setup(ctx: SetupContext<Options>): State;
  /** Seats that may act now (usually one; several in simultaneous windows; none when over). */
  activeSeats(state: State): readonly Seat[];
  /** Complete list of legal actions for `seat` (empty when the seat may not act). */
  legalActions(state: State, seat: Seat): Action[];
  /** Throws IllegalAction (code + message) for anything illegal or malformed; state untouched then. */
  apply(state: State, seat: Seat, action: unknown): ApplyResult<State, Event>;
  /** What `seat` may know (`null` = spectator). Hidden information leaves the engine only here. */
  view(state: State, seat: Seat | null): View;
  /** The action taken for a seat whose clock ran out. Always legal. */
  timeoutAction(state: State, seat: Seat): Action;
  /** A reasonable automatic player. Always legal. `rng` lets bots break ties without Math.random. */
  bot(state: State, seat: Seat, rng?: Rng): Action;
  /** Ends the match with `team` losing by forfeit (room policy: repeated timeouts on ranked tables). */
  forfeit(state: State, team: number, reason: string): ApplyResult<State, Event>;
  /** null while the match runs; the final result when it is over. */
  outcome(state: State): Outcome | null;
  /** Box score as a fold over the event log, so it can be rebuilt from stored events at any time. */
  summarise(events: readonly Event[]): BoxScore;
  /** Whether this event is visible to `seat` (`null` = spectator); private events go to their owner only. */
  eventVisibleTo(event: Event, seat: Seat | null): boolean;
  /** Whether this event closes a natural checkpoint (end of a hand/round): the recorder flushes there. */
  isCheckpoint(event: Event): boolean;
  /** Deep copy (state is plain JSON data). */
  clone(state: State): State;
}

/** Result shape shared by team games. */
export interface TeamOutcome {
  /** Index into teams(); null for a draw or an abandoned match. */
  winnerTeam: number | null;
  scores: number[];
  reason: string;
}
