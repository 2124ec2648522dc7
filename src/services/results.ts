import { sql } from "kysely";
import type { Db } from "../db/database.js";

/**
 * Match results and league points.
 *
 * League points move only in ranked matches in which every seat started with a registered
 * player. A seat a bot held from the start (no opponent found) makes the match unrated for all,
 * so points can never be farmed from bots; a bot that takes over a departed player's seat
 * changes nothing: everyone, the player who left included, gets his team's result. Casual
 * tables (quick, vs-bots, private) record wins and losses for stats but never move points.
 * Results reported by a trusted caller (POST /game-result) are the caller's own rule.
 * A finished match becomes per-player results in one
 * transaction, exactly once: the transaction first claims the match by setting
 * matches.results_applied_at where it is still null; a retry or a concurrent call finds it set
 * (Postgres re-checks the condition after the first transaction commits) and changes nothing.
 */

export const LEAGUE_START = 1000;
export const WIN_POINTS = 25;
export const LOSS_POINTS = -15;

export type PlayerResult = "win" | "loss" | "draw";

export function basePointsFor(result: PlayerResult): number {
  return result === "win" ? WIN_POINTS : result === "loss" ? LOSS_POINTS : 0;
}

type Trx = Parameters<Parameters<ReturnType<Db["transaction"]>["execute"]>[0]>[0];

/**
 * Adds the result's points to a real (non-guest) account, never going below 0.
 * Returns the change actually made (e.g. -10 at 10 points), or null for guests/unknown users.
 */
async function adjustLeaguePoints(trx: Trx, userId: string, result: PlayerResult): Promise<{ delta: number; leaguePoints: number } | null> {
  const before = await trx
    .selectFrom("users")
    .select(["league_points", "is_guest"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!before || before.is_guest) return null;
  const after = Math.max(0, before.league_points + basePointsFor(result));
  await trx.updateTable("users").set({ league_points: after, updated_at: new Date() }).where("id", "=", userId).execute();
  return { delta: after - before.league_points, leaguePoints: after };
}

export interface AppliedResults {
  applied: boolean;
  players?: { seat: number; userId: string | null; result: PlayerResult; pointsDelta: number | null }[];
}

export async function applyMatchResults(db: Db, matchId: string): Promise<AppliedResults> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("matches")
      .set({ results_applied_at: sql<Date>`now()` })
      .where("id", "=", matchId)
      .where("status", "=", "finished")
      .where("results_applied_at", "is", null)
      .returning(["winner_team", "ranked"])
      .executeTakeFirst();
    if (!claimed) return { applied: false };

    const seats = await trx.selectFrom("match_players").selectAll().where("match_id", "=", matchId).orderBy("seat").execute();
    const resultOf = (team: number): PlayerResult =>
      claimed.winner_team === null ? "draw" : team === claimed.winner_team ? "win" : "loss";
    // Lock accounts in id order so two matches sharing players can never deadlock each other.
    const changes = new Map<number, number | null>();
    const rated = claimed.ranked && seats.length > 0 && seats.every((p) => !p.is_bot && p.user_id !== null);
    const ranked = rated ? seats.filter((p) => p.user_id && !p.is_bot).sort((a, b) => (a.user_id! < b.user_id! ? -1 : 1)) : [];
    for (const p of ranked) {
      // Guests get a result row but no league points (they are not on the leaderboard).
      const change = await adjustLeaguePoints(trx, p.user_id!, resultOf(p.team));
      changes.set(p.seat, change?.delta ?? null);
    }
    const players: NonNullable<AppliedResults["players"]> = [];
    for (const p of seats) {
      const result = resultOf(p.team);
      const pointsDelta = changes.get(p.seat) ?? null;
      await trx
        .updateTable("match_players")
        .set({ result, points_delta: pointsDelta })
        .where("match_id", "=", matchId)
        .where("seat", "=", p.seat)
        .execute();
      players.push({ seat: p.seat, userId: p.user_id, result, pointsDelta });
    }
    return { applied: true, players };
  });
}

export interface ExternalResultInput {
  userId: string;
  result: PlayerResult;
  game: string;
  scores?: number[] | undefined;
  /** Idempotency key: the same key records once. */
  externalId?: string | undefined;
  playedAt?: Date | undefined;
}

export interface ExternalResult {
  matchId: string;
  pointsDelta: number;
  leaguePoints: number;
  duplicate: boolean;
}

/**
 * A result played outside the server (e.g. offline against bots in the app): stored as a
 * finished one-player match (team 0 = the player) so stats and history count it like any other,
 * then applied through the same exactly-once path.
 */
export async function recordExternalResult(db: Db, input: ExternalResultInput): Promise<ExternalResult> {
  if (input.externalId) {
    const existing = await findExternal(db, input.externalId, input.userId);
    if (existing) return existing;
  }
  const playedAt = input.playedAt ?? new Date();
  let matchId: string;
  try {
    matchId = await db.transaction().execute(async (trx) => {
      const m = await trx
        .insertInto("matches")
        .values({
          game: input.game,
          room_id: "external",
          ranked: true,
          options: JSON.stringify({ external: true }),
          seed: "",
          status: "finished",
          created_at: playedAt,
          ended_at: playedAt,
          winner_team: input.result === "draw" ? null : input.result === "win" ? 0 : 1,
          scores: input.scores ? JSON.stringify(input.scores) : null,
          outcome: JSON.stringify({ reason: "external", result: input.result }),
          external_id: input.externalId ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const u = await trx.selectFrom("users").select("display_name").where("id", "=", input.userId).executeTakeFirstOrThrow();
      await trx.insertInto("match_players").values({ match_id: m.id, seat: 0, team: 0, user_id: input.userId, display_name: u.display_name }).execute();
      return m.id;
    });
  } catch (err) {
    // Two reports with the same key at once: the loser returns what the winner recorded.
    if ((err as { code?: string }).code === "23505" && input.externalId) {
      const existing = await findExternal(db, input.externalId, input.userId);
      if (existing) return existing;
    }
    throw err;
  }
  await applyMatchResults(db, matchId);
  const row = await resultOf(db, matchId);
  return { matchId, pointsDelta: row.pointsDelta, leaguePoints: row.leaguePoints, duplicate: false };
}

async function resultOf(db: Db, matchId: string): Promise<{ pointsDelta: number; leaguePoints: number }> {
  const row = await db
    .selectFrom("match_players")
    .innerJoin("users", "users.id", "match_players.user_id")
    .select(["match_players.points_delta", "users.league_points"])
    .where("match_players.match_id", "=", matchId)
    .executeTakeFirstOrThrow();
  return { pointsDelta: row.points_delta ?? 0, leaguePoints: row.league_points };
}

async function findExternal(db: Db, externalId: string, userId: string): Promise<ExternalResult | undefined> {
  const m = await db
    .selectFrom("matches")
    .innerJoin("match_players", "match_players.match_id", "matches.id")
    .select(["matches.id"])
    .where("matches.external_id", "=", externalId)
    .where("match_players.user_id", "=", userId)
    .executeTakeFirst();
  if (!m) return undefined;
  const r = await resultOf(db, m.id);
  return { matchId: m.id, ...r, duplicate: true };
}
