import type { Transaction } from "kysely";
import type { Db } from "../../db/database.js";
import type { Database } from "../../db/tables.js";

/**
 * A projection: a named consumer of the event log (docs/EVENT_STORE.md). The log is the ended
 * matches in `matches.log_position` order, each with its seats (`match_players`) and entries
 * (`match_events`); a projection folds them into tables the API reads.
 */

export type Trx = Transaction<Database>;

/** One ended match as the log delivers it to a projection. */
export interface LoggedMatch {
  id: string;
  /** Its log position (strictly increasing along a batch). */
  position: number;
  game: string;
  status: "finished" | "abandoned";
  ranked: boolean;
  options: Record<string, unknown>;
  winnerTeam: number | null;
  createdAt: Date;
  endedAt: Date | null;
  /** Highest stored entry seq (0: no entries, e.g. a result reported over POST /game-result). */
  eventCount: number;
}

/** What a batch may schedule for after its transaction committed (view refreshes, metrics, alerts). */
export interface ApplyContext {
  /** True inside `rebuild`: the batch re-derives what was applied before (no new alerts). */
  readonly rebuilding: boolean;
  afterCommit(fn: (db: Db) => Promise<void> | void): void;
}

export interface Projection {
  /** Unique, stable: the key of its checkpoint row and the NAME of `npm run projections -- rebuild NAME`. */
  readonly name: string;
  /** One line for `npm run projections -- list`. */
  readonly description: string;
  /**
   * Folds a batch of ended matches, in log order, inside the transaction that holds the
   * projection's checkpoint row locked and advances it: the batch and the checkpoint commit together.
   */
  apply(trx: Trx, batch: readonly LoggedMatch[], ctx: ApplyContext): Promise<void>;
  /** Throws away everything the projection derived, inside the rebuild's transaction. */
  reset(trx: Trx, ctx: ApplyContext): Promise<void>;
}
