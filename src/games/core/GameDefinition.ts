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
  /**
   * An automatic player for the seat whose `view` it is given (see `BotDecide`): it never receives
   * the state, so it cannot peek. `level` picks the strength ("basic" when omitted).
   */
  bot(view: View, memory: BotMemory, rng: Rng, level?: BotLevel): BotDecision<Action>;
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
  /**
   * Games with player-built decks: checks a deck as a client sends it against the game's own deck
   * rules, reporting every fault; on success the normalised deck to store (and to put in the options).
   */
  validateDeck?(deck: unknown): DeckValidation;
}

/** What a game's `validateDeck` answers. */
export type DeckValidation =
  | { ok: true; cards: string[] }
  | { ok: false; errors: { code: string; message: string; card?: string }[] };

/**
 * Bots (DESIGN: "The game contract").
 *
 * A bot is a pure function of what its seat may know: `view(state, seat)` — the same object a
 * client at that seat is shown — plus a memory of what it saw earlier, plus a random stream. The
 * state never reaches a bot, so the type system rules out peeking: a bot can only learn another
 * seat's cards if the view leaks them, and the view is the one audited place for that.
 *
 * Memory is opaque to the caller: a JSON-serialisable value the bot returns with each decision;
 * the caller keeps it per seat and passes it back unchanged on that seat's next turn. It starts as
 * `undefined` (first turn, and a seat taken over mid-match), so a game whose view carries the
 * public history (Baloot's does) lets a bot play just as well without it. Bots validate their own
 * memory and treat anything unexpected as `undefined`.
 *
 * Determinism: same (view, memory, rng state) → same decision. Budgets are counted in work (e.g.
 * search iterations), never in wall-clock time, so replays and tests see the same moves.
 */
export type BotMemory = unknown;

/** "basic": the fast heuristic. "strong": a search bot (bounded per move; see the game's README). */
export type BotLevel = "basic" | "strong";
export const BOT_LEVELS: readonly BotLevel[] = ["basic", "strong"];

export interface BotDecision<Action> {
  /** Always one of the view's legal actions for the seat. */
  action: Action;
  /** What to hand back on this seat's next decision. */
  memory: BotMemory;
}

/** The shape of a game's bot: view + memory + rng in, action + memory out. */
export type BotDecide<View, Action> = (view: View, memory: BotMemory, rng: Rng) => BotDecision<Action>;

/** Result shape shared by team games. */
export interface TeamOutcome {
  /** Index into teams(); null for a draw or an abandoned match. */
  winnerTeam: number | null;
  scores: number[];
  reason: string;
}

/**
 * For callers that hold the state (rooms, tests, tools): builds the seat's view and asks the bot.
 * The bot itself still only sees the view.
 */
export function botTurn<State, Action, View>(
  definition: Pick<GameDefinition<State, Action, View, unknown, unknown, unknown, never>, "view" | "bot">,
  state: State,
  seat: Seat,
  memory: BotMemory,
  rng: Rng,
  level?: BotLevel,
): BotDecision<Action> {
  return definition.bot(definition.view(state, seat), memory, rng, level);
}
