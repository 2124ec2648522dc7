import type { Db } from "../db/database.js";

/**
 * The league table: real accounts only (guests have no e-mail; bots are not users), by league
 * points, ties broken by who joined first and then by id so pages never overlap or shuffle.
 */
export interface LeaderboardEntry {
  rank: number;
  firstName: string;
  lastName: string;
  leaguePoints: number;
  userId: string;
}

export async function leaderboard(db: Db, offset: number, limit: number): Promise<LeaderboardEntry[]> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "first_name", "last_name", "league_points"])
    .where("is_guest", "=", false)
    .where("email", "is not", null)
    .orderBy("league_points", "desc")
    .orderBy("created_at", "asc")
    .orderBy("id", "asc")
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r, i) => ({ rank: offset + i + 1, firstName: r.first_name, lastName: r.last_name, leaguePoints: r.league_points, userId: r.id }));
}
