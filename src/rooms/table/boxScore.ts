import type { GameDefinition } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { MatchLog } from "./log.js";

/**
 * The live box score: the game's fold over the match's events (`summarise`), computed at most
 * once per log position (the cache is keyed by the log's seq, so it never needs clearing).
 */
export class LiveBoxScore<Event, Box> {
  private cache: { seq: number; box: Box } | null = null;

  constructor(
    private readonly summarise: GameDefinition<unknown, unknown, unknown, Event, never, Box, unknown>["summarise"],
    private readonly matchLog: MatchLog<Event>,
    private readonly log: () => Logger,
  ) {}

  get(): Box {
    const seq = this.matchLog.seq;
    if (!this.cache || this.cache.seq !== seq) this.cache = { seq, box: this.summarise(this.matchLog.events as Event[]) };
    return this.cache.box;
  }

  /** As `get`, but a failing fold is logged and answered with null (shutdown and end must go on). */
  safe(): Box | null {
    try {
      return this.get();
    } catch (err) {
      this.log().error({ err }, "box score failed");
      return null;
    }
  }
}
