import { sql } from "kysely";
import type { Projection, Trx } from "./types.js";

/**
 * Results and league points (projection `league`), the rules of issue 5:
 *
 * League points move only in ranked matches in which every seat started with a registered
 * player. A seat a bot held from the start (no opponent found) makes the match unrated for all,
 * so points can never be farmed from bots; a bot that takes over a departed player's seat
 * changes nothing: everyone, the player who left included, gets his team's result. Casual
 * tables (quick, vs-bots, private) record wins and losses for stats but never move points.
 * Results reported by a trusted caller (POST /game-result) are one-seat ranked matches in the
 * same log. Guests (as they were when the match started: `match_players.guest`) get a result but
 * no points. Points never go below 0.
 *
 * Output: `match_players.result` / `points_delta`, `users.league_points` (which the leaderboard
 * reads) and `matches.results_applied_at`, the per-match claim that keeps "applied exactly once"
 * even for a direct `applyMatchResults` call outside the projector.
 */

export const LEAGUE_START = 1000;
export const WIN_POINTS = 25;
export const LOSS_POINTS = -15;

export type PlayerResult = "win" | "loss" | "draw";

export function basePointsFor(result: PlayerResult): number {
  return result === "win" ? WIN_POINTS : result === "loss" ? LOSS_POINTS : 0;
}

export interface AppliedResults {
  applied: boolean;
  players?: { seat: number; userId: string | null; result: PlayerResult; pointsDelta: number | null }[];
}

/** Adds the result's points to an account, never going below 0; returns the change made. */
async function adjustLeaguePoints(trx: Trx, userId: string, result: PlayerResult): Promise<number | null> {
  const before = await trx.selectFrom("users").select(["league_points"]).where("id", "=", userId).forUpdate().executeTakeFirst();
  if (!before) return null;
  const after = Math.max(0, before.league_points + basePointsFor(result));
  await trx.updateTable("users").set({ league_points: after, updated_at: new Date() }).where("id", "=", userId).execute();
  return after - before.league_points;
}

/**
 * Turns one finished match into per-player results, exactly once: it first claims the match by
 * setting matches.results_applied_at where it is still null; a retry or a concurrent call finds
 * it set (Postgres re-checks the condition after the first transaction commits) and changes nothing.
 */
export async function applyLeagueResults(trx: Trx, matchId: string): Promise<AppliedResults> {
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
  const resultOf = (team: number): PlayerResult => (claimed.winner_team === null ? "draw" : team === claimed.winner_team ? "win" : "loss");
  const rated = claimed.ranked && seats.length > 0 && seats.every((p) => !p.is_bot && p.user_id !== null);
  // Lock accounts in id order so two matches sharing players can never deadlock each other.
  const ranked = rated ? seats.filter((p) => p.user_id && !p.guest).sort((a, b) => (a.user_id! < b.user_id! ? -1 : 1)) : [];
  const changes = new Map<number, number | null>();
  for (const p of ranked) changes.set(p.seat, await adjustLeaguePoints(trx, p.user_id!, resultOf(p.team)));
  const players: NonNullable<AppliedResults["players"]> = [];
  for (const p of seats) {
    const result = resultOf(p.team);
    const pointsDelta = changes.get(p.seat) ?? null;
    await trx.updateTable("match_players").set({ result, points_delta: pointsDelta }).where("match_id", "=", matchId).where("seat", "=", p.seat).execute();
    players.push({ seat: p.seat, userId: p.user_id, result, pointsDelta });
  }
  return { applied: true, players };
}

export const leagueProjection: Projection = {
  name: "league",
  description: "match results (match_players.result, points_delta) and league points (users.league_points, the leaderboard)",
  async apply(trx, batch) {
    for (const m of batch) if (m.status === "finished") await applyLeagueResults(trx, m.id);
  },
  async reset(trx) {
    // Every account back to the start; the log is then applied again from position 0.
    await trx.updateTable("users").set({ league_points: LEAGUE_START }).where("league_points", "<>", LEAGUE_START).execute();
    await trx
      .updateTable("match_players")
      .set({ result: null, points_delta: null })
      .where((eb) => eb.or([eb("result", "is not", null), eb("points_delta", "is not", null)]))
      .execute();
    await trx.updateTable("matches").set({ results_applied_at: null }).where("results_applied_at", "is not", null).execute();
  },
};
