import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { baseball, type BaseballEvent } from "../../games/baseball/index.js";
import type { Logger } from "../../platform/logger.js";
import { loadEntries } from "../replay.js";
import { cardLines, seasonOf } from "./statLines.js";

/**
 * League stats of dice baseball (issue 13): every finished baseball match is folded, once, into
 * per-card stat lines and per-manager results, computed from its event log alone (the engine's
 * `summarise`), never from anything a client sent. The career and season views over them are
 * refreshed concurrently afterwards, so readers never wait and never see a half-done refresh.
 */

export interface FoldOptions {
  /** Matches per round. */
  batch?: number;
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
      const runsFor = box.teams[p.team]?.R ?? 0;
      const runsAgainst = box.teams[1 - p.team]?.R ?? 0;
      games.set(p.team, {
        match_id: m.id,
        team: p.team,
        user_id: p.user_id,
        season,
        won: winner === p.team ? 1 : 0,
        lost: winner !== null && winner !== p.team ? 1 : 0,
        tied: winner === null ? 1 : 0,
        runs_for: runsFor,
        runs_against: runsAgainst,
      });
    }
    const claimed = await db.transaction().execute(async (trx) => {
      // Claim the match first: a second process folding the same match stops here.
      const claim = await trx
        .insertInto("baseball_folded")
        .values({ match_id: m.id })
        .onConflict((oc) => oc.column("match_id").doNothing())
        .returning("match_id")
        .executeTakeFirst();
      if (!claim) return false;
      if (lines.length) await trx.insertInto("baseball_lines").values(lines).execute();
      if (games.size) await trx.insertInto("baseball_manager_games").values([...games.values()]).execute();
      return true;
    });
    if (claimed) folded++;
  }
  return folded;
}

/** Recomputes the career and season views; readers keep the old contents until it commits. */
export async function refreshBaseballStats(db: Db): Promise<void> {
  await sql`refresh materialized view concurrently baseball_card_stats`.execute(db);
  await sql`refresh materialized view concurrently baseball_manager_stats`.execute(db);
}

/** Folds until nothing is pending; returns the number of matches folded. */
export async function foldAllPending(db: Db, options: FoldOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldPendingBaseballMatches(db, options);
    total += n;
    if (n < (options.batch ?? 50)) return total;
  }
}

/**
 * Throws away every folded line and folds every finished match again from its event log, then
 * refreshes the views (which serve the old numbers until then). For a changed fold or a repair.
 */
export async function rebuildBaseballStats(db: Db, options: FoldOptions = {}): Promise<number> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("baseball_lines").execute();
    await trx.deleteFrom("baseball_manager_games").execute();
    await trx.deleteFrom("baseball_folded").execute();
  });
  const folded = await foldAllPending(db, options);
  await refreshBaseballStats(db);
  return folded;
}

/**
 * The background job: folds finished matches and refreshes the views every `intervalMs`, and soon
 * after `nudge()` (called when a match is stored). Never on the play path.
 */
export class BaseballStatsJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Folded lines the views do not show yet (a failed refresh is retried next round). */
  private dirty = false;

  constructor(
    private readonly db: Db,
    private readonly options: FoldOptions & { intervalMs: number; logger?: Logger | undefined },
  ) {}

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.options.intervalMs);
    this.timer.unref();
    setImmediate(() => this.nudge());
  }

  /** Run a round soon (one more after the current one if a round is running). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .then(
        () => undefined,
        (err: unknown) => this.options.logger?.error({ err }, "baseball stats: folding failed (retried next round)"),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** One round: fold what is pending; refresh the views when anything was folded. */
  async round(): Promise<number> {
    const folded = await foldAllPending(this.db, this.options);
    if (folded > 0) this.dirty = true;
    if (this.dirty) {
      await refreshBaseballStats(this.db);
      this.dirty = false;
    }
    return folded;
  }

  /** Stops the timer and waits for a round in progress (so the database can close after). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
