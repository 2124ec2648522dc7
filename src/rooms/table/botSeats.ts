import { botTurn, type BotLevel, type BotMemory, type GameDefinition, type Seat } from "../../games/core/GameDefinition.js";
import { createRng, newSeed, seedState, type Rng } from "../../games/core/rng.js";

/**
 * The table's bots: one random stream for all of them and what each seat's bot remembers between
 * its turns (opaque; see GameDefinition "Bots"). Each decides from its own seat's view only.
 */
export class BotSeats<State, Action, View, Event, Outcome, Box, Options> {
  private readonly rng: Rng = createRng(seedState(newSeed(), "bots"));
  private readonly memory = new Map<number, BotMemory>();

  constructor(
    private readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>,
  ) {}

  /** The one place a bot decides: the game's bot for a seat it plays, at `level`. */
  decide(game: State, seat: Seat, level: BotLevel): Action {
    const { action, memory } = botTurn(this.definition, game, seat, this.memory.get(seat), this.rng, level);
    this.memory.set(seat, memory);
    return action;
  }
}
