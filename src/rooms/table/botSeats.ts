import { botTurn, type BotLevel, type BotMemory, type GameDefinition, type Seat } from "../../games/core/GameDefinition.js";
import { createRng, newSeed, seedState, type RngState } from "../../games/core/rng.js";

/**
 * The table's bots: one random stream for all of them and what each seat's bot remembers between
 * its turns (opaque; see GameDefinition "Bots"). Each decides from its own seat's view only.
 */
export class BotSeats<State, Action, View, Event, Outcome, Box, Options> {
  /**
   * The bots' stream, kept as its four state words: the generator over them (three closures) is
   * made for each decision and advances these words in place, so the stream is the same one
   * while an idle table keeps ≈ 300 B less (issue 10, heap per table).
   */
  private readonly rngState: RngState = seedState(newSeed(), "bots");
  /** Made at the first bot decision: a table of four humans never has one (≈ 180 B, issue 10). */
  private memory: Map<number, BotMemory> | null = null;

  constructor(
    private readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>,
  ) {}

  /** The one place a bot decides: the game's bot for a seat it plays, at `level`. */
  decide(game: State, seat: Seat, level: BotLevel): Action {
    const memories = (this.memory ??= new Map());
    const { action, memory } = botTurn(this.definition, game, seat, memories.get(seat), createRng(this.rngState), level);
    memories.set(seat, memory);
    return action;
  }
}
