import type { Db } from "../db/database.js";
import type { MatchStatus } from "../db/tables.js";

/** Match history: a player's matches, one match in full, and the live tables a player sits at. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export interface MatchSummary {
  id: string;
  game: string;
  status: MatchStatus;
  ranked: boolean;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  winnerTeam: number | null;
  scores: number[] | null;
  seat: number;
  team: number;
  result: "win" | "loss" | "draw" | null;
  pointsDelta: number | null;
}

export async function myMatches(db: Db, userId: string, offset: number, limit: number): Promise<MatchSummary[]> {
  const rows = await db
    .selectFrom("match_players")
    .innerJoin("matches", "matches.id", "match_players.match_id")
    .select([
      "matches.id",
      "matches.game",
      "matches.status",
      "matches.ranked",
      "matches.created_at",
      "matches.ended_at",
      "matches.duration_ms",
      "matches.winner_team",
      "matches.scores",
      "match_players.seat",
      "match_players.team",
      "match_players.result",
      "match_players.points_delta",
    ])
    .where("match_players.user_id", "=", userId)
    .orderBy("matches.created_at", "desc")
    .orderBy("matches.id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    game: r.game,
    status: r.status,
    ranked: r.ranked,
    startedAt: iso(r.created_at)!,
    endedAt: iso(r.ended_at),
    durationMs: r.duration_ms,
    winnerTeam: r.winner_team,
    scores: r.scores,
    seat: r.seat,
    team: r.team,
    result: r.result,
    pointsDelta: r.points_delta,
  }));
}

export interface MatchDetails {
  id: string;
  game: string;
  status: MatchStatus;
  ranked: boolean;
  options: Record<string, unknown>;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  winnerTeam: number | null;
  scores: number[] | null;
  outcome: Record<string, unknown> | null;
  eventCount: number;
  seedRevealed: boolean;
  players: {
    seat: number;
    team: number;
    userId: string | null;
    displayName: string;
    isBot: boolean;
    result: "win" | "loss" | "draw" | null;
    pointsDelta: number | null;
  }[];
}

/**
 * Test-only table options that fix the cards (stacked decks, given hands). Harmless once the
 * match is over, but while it runs they would reveal hidden hands, so they are withheld.
 */
const CARD_OPTIONS = new Set(["deck", "decks", "hands", "faceUp", "stock"]);

function publicOptions(options: Record<string, unknown>, live: boolean): Record<string, unknown> {
  if (!live) return options;
  return Object.fromEntries(Object.entries(options).filter(([k]) => !CARD_OPTIONS.has(k)));
}

/** The match row itself, for guards (status, seed) in the routes. */
export async function findMatch(db: Db, matchId: string) {
  if (!UUID.test(matchId)) return undefined;
  return db.selectFrom("matches").selectAll().where("id", "=", matchId).executeTakeFirst();
}

export async function matchDetails(db: Db, matchId: string): Promise<MatchDetails | undefined> {
  const m = await findMatch(db, matchId);
  if (!m) return undefined;
  const players = await db.selectFrom("match_players").selectAll().where("match_id", "=", matchId).orderBy("seat").execute();
  return {
    id: m.id,
    game: m.game,
    status: m.status,
    ranked: m.ranked,
    options: publicOptions(m.options, m.status === "live"),
    startedAt: iso(m.created_at)!,
    endedAt: iso(m.ended_at),
    durationMs: m.duration_ms,
    winnerTeam: m.winner_team,
    scores: m.scores,
    outcome: m.outcome,
    eventCount: m.event_count,
    seedRevealed: m.seed_revealed,
    players: players.map((p) => ({
      seat: p.seat,
      team: p.team,
      userId: p.user_id,
      displayName: p.display_name,
      isBot: p.is_bot,
      result: p.result,
      pointsDelta: p.points_delta,
    })),
  };
}

export interface ActiveTable {
  matchId: string;
  roomId: string;
  game: string;
  seat: number;
  team: number;
  ranked: boolean;
  startedAt: string;
}

/**
 * Live matches the user holds a seat in. `roomExists` (the matchmaker's room cache, shared
 * across processes with Redis) drops matches whose room died without marking them.
 */
export async function activeTables(
  db: Db,
  userId: string,
  roomExists: (roomIds: string[]) => Promise<Set<string>>,
): Promise<ActiveTable[]> {
  const rows = await db
    .selectFrom("match_players")
    .innerJoin("matches", "matches.id", "match_players.match_id")
    .select(["matches.id", "matches.room_id", "matches.game", "matches.ranked", "matches.created_at", "match_players.seat", "match_players.team"])
    .where("match_players.user_id", "=", userId)
    .where("matches.status", "=", "live")
    .orderBy("matches.created_at", "desc")
    .limit(20)
    .execute();
  const alive = rows.length ? await roomExists(rows.map((r) => r.room_id)) : new Set<string>();
  return rows
    .filter((r) => alive.has(r.room_id))
    .map((r) => ({
      matchId: r.id,
      roomId: r.room_id,
      game: r.game,
      seat: r.seat,
      team: r.team,
      ranked: r.ranked,
      startedAt: iso(r.created_at)!,
    }));
}
