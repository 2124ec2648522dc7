import type { Db } from "../db/database.js";
import { applyLeagueResults, leagueProjection, type AppliedResults, type PlayerResult } from "./projections/league.js";
import { Projector } from "./projections/projector.js";

/**
 * Match results and league points: the `league` projection of the event log
 * (src/services/projections/league.ts has the rules; docs/EVENT_STORE.md the machinery).
 * The projector applies every finished match once, in log order; `applyMatchResults` applies one
 * match directly through the same exactly-once claim (matches.results_applied_at).
 */

export { LEAGUE_START, WIN_POINTS, LOSS_POINTS, basePointsFor, type AppliedResults, type PlayerResult } from "./projections/league.js";

/** Applies one finished match's results now (once: a retry or a concurrent call changes nothing). */
export async function applyMatchResults(db: Db, matchId: string): Promise<AppliedResults> {
  return db.transaction().execute((trx) => applyLeagueResults(trx, matchId));
}

/** One league projector per database, so concurrent reports in a process share its catch-ups. */
const leagueProjectors = new WeakMap<Db, Projector>();

/** Brings the league projection up to the head of the log (sequencing newly ended matches first). */
export async function catchUpLeague(db: Db): Promise<void> {
  let projector = leagueProjectors.get(db);
  if (!projector) leagueProjectors.set(db, (projector = new Projector(db, [leagueProjection])));
  await projector.catchUp(["league"]);
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
 * finished one-player match (team 0 = the player), so it is part of the event log like any other
 * match (stats, history, a rebuild of league points), then the league projection is caught up to
 * it before answering, so the answer carries the points it moved.
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
  await catchUpLeague(db);
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
  // The first report may still be applying it: the answer is the applied result.
  await catchUpLeague(db);
  const r = await resultOf(db, m.id);
  return { matchId: m.id, ...r, duplicate: true };
}
