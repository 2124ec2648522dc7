import { sql } from "kysely";
import type { Db } from "../db/database.js";

/** Database writes of the match recorder. Every write is idempotent so retries are always safe. */

export type EntrySource = "player" | "bot" | "timeout" | "room";

export interface MatchPlayerRecord {
  seat: number;
  team: number;
  userId: string | null;
  displayName: string;
  isBot: boolean;
}

export interface MatchStartRecord {
  matchId: string;
  game: string;
  roomId: string;
  ranked: boolean;
  options: Record<string, unknown>;
  seed: string;
  processId: string;
  startedAt: Date;
  players: MatchPlayerRecord[];
}

/** One accepted action (or room-caused step) and the events it produced, in order. */
export interface LogEntry {
  seq: number;
  at: Date;
  seat: number | null;
  source: EntrySource;
  action: Record<string, unknown> | null;
  events: unknown[];
}

export interface MatchEndRecord {
  status: "finished" | "abandoned";
  endedAt: Date;
  durationMs: number;
  winnerTeam: number | null;
  scores: number[];
  outcome: Record<string, unknown>;
}

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MatchStore {
  constructor(private readonly db: Db) {}

  /** Insert the match and its players; a retry after a lost answer finds them and does nothing. */
  async createMatch(start: MatchStartRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("matches")
        .values({
          id: start.matchId,
          game: start.game,
          room_id: start.roomId,
          ranked: start.ranked,
          options: JSON.stringify(start.options),
          seed: start.seed,
          process_id: start.processId,
          created_at: start.startedAt,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
      if (start.players.length === 0) return;
      // Users unknown to this database (e.g. tokens minted elsewhere) are stored by name only.
      const ids = start.players.map((p) => p.userId).filter((id): id is string => id !== null && USER_ID.test(id));
      const known = new Set(
        ids.length ? (await tx.selectFrom("users").select("id").where("id", "in", ids).execute()).map((r) => r.id) : [],
      );
      await tx
        .insertInto("match_players")
        .values(
          start.players.map((p) => ({
            match_id: start.matchId,
            seat: p.seat,
            team: p.team,
            user_id: p.userId && known.has(p.userId) ? p.userId : null,
            display_name: p.displayName,
            is_bot: p.isBot,
          })),
        )
        .onConflict((oc) => oc.columns(["match_id", "seat"]).doNothing())
        .execute();
    });
  }

  /** Append entries; (match_id, seq) is the key, so an entry stored by a lost attempt is skipped. */
  async appendEntries(matchId: string, entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const last = entries[entries.length - 1] as LogEntry;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("match_events")
        .values(
          entries.map((e) => ({
            match_id: matchId,
            seq: e.seq,
            at: e.at,
            seat: e.seat,
            source: e.source,
            action: e.action === null ? null : JSON.stringify(e.action),
            events: JSON.stringify(e.events),
          })),
        )
        .onConflict((oc) => oc.columns(["match_id", "seq"]).doNothing())
        .execute();
      await tx
        .updateTable("matches")
        .set({ event_count: sql<number>`greatest(event_count, ${last.seq})` })
        .where("id", "=", matchId)
        .execute();
    });
  }

  async saveBoxScore(matchId: string, box: unknown, final: boolean): Promise<void> {
    const json = JSON.stringify(box);
    await this.db
      .insertInto("box_scores")
      .values({ match_id: matchId, box: json, final })
      .onConflict((oc) =>
        oc.column("match_id").doUpdateSet({ box: json, final, updated_at: sql`now()` }).where("box_scores.final", "=", false),
      )
      .execute();
  }

  /** Final state of a match: outcome stored, seed revealed. Only a live/interrupted match changes. */
  async finishMatch(matchId: string, end: MatchEndRecord): Promise<void> {
    await this.db
      .updateTable("matches")
      .set({
        status: end.status,
        ended_at: end.endedAt,
        duration_ms: end.durationMs,
        winner_team: end.winnerTeam,
        scores: JSON.stringify(end.scores),
        outcome: JSON.stringify(end.outcome),
        seed_revealed: true,
      })
      .where("id", "=", matchId)
      .where("status", "in", ["live", "interrupted"])
      .execute();
  }

  /** Server shutdown mid-match: the match can be resumed from (options, seed, stored actions). */
  async markInterrupted(matchId: string): Promise<void> {
    await this.db.updateTable("matches").set({ status: "interrupted" }).where("id", "=", matchId).where("status", "=", "live").execute();
  }
}
