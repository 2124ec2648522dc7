import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { baseball, type BaseballEvent } from "../../games/baseball/index.js";
import { toInt } from "../../db/normalize.js";
import { baseballProjection } from "../projections/baseball.js";
import { Projector } from "../projections/projector.js";
import type { Trx } from "../projections/types.js";
import { loadEntries } from "../replay.js";
import { cardLines, seasonOf } from "./statLines.js";

/**
 * League stats of dice baseball (issue 13): every finished baseball match is folded, once, into
 * per-card stat lines and per-manager results, computed from its event log alone (the engine's
 * `summarise`), never from anything a client sent. The career and season views over them are
 * refreshed concurrently afterwards, so readers never wait and never see a half-done refresh.
 * The background work is the `baseball` projection (src/services/projections/baseball.ts).
 */

export interface FoldOptions {
  /** Matches per round. */
  batch?: number;
}

type Reader = Db | Trx;

interface PendingMatch {
  id: string;
  ended_at: Date | string | null;
  created_at: Date | string;
  winner_team: number | null;
}

/**
 * Folds one finished baseball match into its stat lines and manager games, claiming it first
 * (baseball_folded): a match some process folded already changes nothing. True when folded now.
 */
export async function foldBaseballMatch(trx: Trx, m: PendingMatch): Promise<boolean> {
  // Folded already (e.g. before the projector existed): skip the work, not just the insert.
  if (await trx.selectFrom("baseball_folded").select("match_id").where("match_id", "=", m.id).executeTakeFirst()) return false;
  const { lines, games } = await computeFold(trx, m);
  return storeFold(trx, m.id, lines, games);
}

async function computeFold(db: Reader, m: PendingMatch) {
  const entries = await loadEntries(db, m.id);
  const box = baseball.summarise(entries.flatMap((e) => e.events) as BaseballEvent[]);
  const season = seasonOf(m.ended_at ?? m.created_at);
  const lines = cardLines(box).map((l) => ({ ...l, match_id: m.id, season }));
  const winner = box.final ? box.final.winnerTeam : m.winner_team;
  const managers = await db
    .selectFrom("match_players")
    .select(["team", "user_id"])
    .where("match_id", "=", m.id)
    .where("is_bot", "=", false)
    .where("user_id", "is not", null)
    .execute();
  const games = new Map<number, { match_id: string; team: number; user_id: string; season: string; won: number; lost: number; tied: number; runs_for: number; runs_against: number }>();
  for (const p of managers) {
    if (!p.user_id || games.has(p.team)) continue;
    games.set(p.team, {
      match_id: m.id,
      team: p.team,
      user_id: p.user_id,
      season,
      won: winner === p.team ? 1 : 0,
      lost: winner !== null && winner !== p.team ? 1 : 0,
      tied: winner === null ? 1 : 0,
      runs_for: box.teams[p.team]?.R ?? 0,
      runs_against: box.teams[1 - p.team]?.R ?? 0,
    });
  }
  return { lines, games: [...games.values()] };
}

async function storeFold(trx: Trx, matchId: string, lines: Awaited<ReturnType<typeof computeFold>>["lines"], games: Awaited<ReturnType<typeof computeFold>>["games"]): Promise<boolean> {
  // Claim the match first: a second process folding the same match stops here.
  const claim = await trx
    .insertInto("baseball_folded")
    .values({ match_id: matchId })
    .onConflict((oc) => oc.column("match_id").doNothing())
    .returning("match_id")
    .executeTakeFirst();
  if (!claim) return false;
  if (lines.length) await trx.insertInto("baseball_lines").values(lines).execute();
  if (games.length) await trx.insertInto("baseball_manager_games").values(games).execute();
  return true;
}

/** Throws away every folded line and manager game (the `baseball` projection's reset). */
export async function clearBaseballFolds(trx: Trx): Promise<void> {
  await trx.deleteFrom("baseball_lines").execute();
  await trx.deleteFrom("baseball_manager_games").execute();
  await trx.deleteFrom("baseball_folded").execute();
}

/** Folds up to `batch` finished, not yet folded baseball matches; returns how many it folded. */
export async function foldPendingBaseballMatches(db: Db, options: FoldOptions = {}): Promise<number> {
  const pending = await db
    .selectFrom("matches")
    .leftJoin("baseball_folded", "baseball_folded.match_id", "matches.id")
    .select(["matches.id", "matches.ended_at", "matches.created_at", "matches.winner_team"])
    .where("baseball_folded.match_id", "is", null)
    .where("matches.status", "=", "finished")
    .where("matches.game", "=", "baseball")
    .orderBy("matches.ended_at")
    .orderBy("matches.id")
    .limit(options.batch ?? 50)
    .execute();
  let folded = 0;
  for (const m of pending) {
    const { lines, games } = await computeFold(db, m);
    if (await db.transaction().execute((trx) => storeFold(trx, m.id, lines, games))) folded++;
  }
  return folded;
}

/** Recomputes the career and season views; readers keep the old contents until it commits. */
export async function refreshBaseballStats(db: Db): Promise<void> {
  await sql`refresh materialized view concurrently baseball_card_stats`.execute(db);
  await sql`refresh materialized view concurrently baseball_manager_stats`.execute(db);
}

/**
 * Throws away every folded line and folds every finished match again from its event log (the
 * `baseball` projection's rebuild, as `npm run projections -- rebuild baseball` runs it), then
 * refreshes the views (which serve the old numbers until then). Returns the matches folded.
 */
export async function rebuildBaseballStats(db: Db, options: FoldOptions = {}): Promise<number> {
  await new Projector(db, [baseballProjection], { batch: options.batch }).rebuild(baseballProjection.name);
  const n = await db.selectFrom("baseball_folded").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return toInt(n.n as string | number);
}
