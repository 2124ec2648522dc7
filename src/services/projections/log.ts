import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { toInt } from "../../db/normalize.js";
import type { LoggedMatch, Trx } from "./types.js";

/**
 * The event log's order. A match enters the log when it is over (finished or abandoned): the
 * sequencer gives it the next `log_position`. Sequencer transactions take one advisory lock, so
 * they run one at a time and each commits before the next draws positions: a reader never sees
 * position p + 1 while p is still uncommitted, and a checkpoint "every position ≤ p is applied"
 * can never skip a match that commits late.
 */

/** Advisory-lock key of the sequencer (any constant bigint; "diwan.log" in ASCII). */
const SEQUENCER_LOCK = 0x646977616e2e6c6fn;

/** Gives ended matches without a position the next positions (oldest first); returns how many. */
export async function sequenceEndedMatches(db: Db, limit = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK.toString()}::bigint)`.execute(trx);
      const r = await sql`
        update matches m set log_position = s.pos
        from (
          select o.id, nextval('match_log_position_seq') as pos
          from (
            select id from matches
            where log_position is null and status in ('finished', 'abandoned')
            order by ended_at, id
            limit ${limit}
          ) o
        ) s
        where m.id = s.id`.execute(trx);
      return Number(r.numAffectedRows ?? 0);
    });
    total += n;
    if (n < limit) return total;
  }
}

/** Up to `limit` logged matches after `position`, in log order. */
export async function readLog(trx: Trx | Db, position: number, limit: number): Promise<LoggedMatch[]> {
  const rows = await trx
    .selectFrom("matches")
    .select(["id", "log_position", "game", "status", "ranked", "options", "winner_team", "created_at", "ended_at", "event_count"])
    .where("log_position", ">", position)
    .orderBy("log_position")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: toInt(r.log_position as string | number),
    game: r.game,
    status: r.status as LoggedMatch["status"],
    ranked: r.ranked,
    options: r.options,
    winnerTeam: r.winner_team,
    createdAt: new Date(r.created_at),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    eventCount: r.event_count,
  }));
}

/** The last position of the log (0 when empty). */
export async function logHead(db: Db): Promise<number> {
  const r = await db.selectFrom("matches").select((eb) => eb.fn.max("log_position").as("head")).executeTakeFirst();
  return toInt((r?.head ?? 0) as string | number);
}
