import { sql, type Selectable } from "kysely";
import type { Db } from "../db/database.js";
import { executeInOneTransaction } from "../db/wholeTransaction.js";
import { toInt } from "../db/normalize.js";
import type { PauseReason, TableMode, TableStatus, TablesTable } from "../db/tables.js";

export type { PauseReason, TableMode, TableStatus } from "../db/tables.js";

/**
 * The table registry (issue 12): one row per table in the database, whichever process holds it,
 * so tables can be listed, managed and resumed across processes and restarts. Rooms write it in
 * the background (never on an action's path); the REST routes read it.
 */

/** Statuses a table never leaves (a late write from a closing room must not revive it). */
export const TERMINAL_STATUSES: readonly TableStatus[] = ["finished", "abandoned", "closed"];

export interface NewTable {
  roomId: string;
  game: string;
  mode: TableMode;
  ranked: boolean;
  ownerId: string | null;
  options: Record<string, unknown>;
  processId: string;
}

export interface StatusChange {
  status: TableStatus;
  matchId?: string | null;
  pausedReason?: PauseReason | null;
  pausedBy?: string | null;
  processId?: string | null;
}

export interface TableMember {
  userId: string;
  seat: number;
}

export interface StoredTable {
  roomId: string;
  game: string;
  mode: TableMode;
  ranked: boolean;
  ownerId: string | null;
  status: TableStatus;
  matchId: string | null;
  pausedReason: PauseReason | null;
  pausedBy: string | null;
  pausedAt: Date | null;
  /** Total time paused, the current pause included. */
  pausedMs: number;
  processId: string | null;
  options: Record<string, unknown>;
  roomState: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  members: TableMember[];
}

export interface TableQuery {
  status?: TableStatus;
  game?: string;
  limit?: number;
}

export interface ResumableMatch {
  matchId: string;
  roomId: string;
  game: string;
  status: "paused" | "interrupted";
  pauseReason: PauseReason | null;
  seat: number;
  team: number;
  ranked: boolean;
  startedAt: Date;
}

/** One UTC day of a user's usage (see `usage`). */
export interface UsageDay {
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  tablesCreated: number;
  minutesPlayed: number;
  botMinutes: number;
}

type Row = Selectable<TablesTable>;

const date = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));

function toStored(r: Row, members: TableMember[], now = Date.now()): StoredTable {
  const pausedAt = r.paused_at === null ? null : date(r.paused_at);
  const current = r.status === "paused" && pausedAt ? Math.max(0, now - pausedAt.getTime()) : 0;
  return {
    roomId: r.room_id,
    game: r.game,
    mode: r.mode,
    ranked: r.ranked,
    ownerId: r.owner_id,
    status: r.status,
    matchId: r.match_id,
    pausedReason: r.paused_reason,
    pausedBy: r.paused_by,
    pausedAt,
    pausedMs: toInt(r.paused_ms) + current,
    processId: r.process_id,
    options: r.options,
    roomState: r.room_state,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    lastActivityAt: date(r.last_activity_at),
    members,
  };
}

const MAX_LIST = 200;

export class TableRegistry {
  constructor(private readonly db: Db) {}

  /**
   * A table was created (or re-created with the same room id by a revival): inserted as
   * `waiting`; an existing row only learns its new process.
   */
  async created(t: NewTable): Promise<void> {
    await this.db
      .insertInto("tables")
      .values({
        room_id: t.roomId,
        game: t.game,
        mode: t.mode,
        ranked: t.ranked,
        owner_id: t.ownerId,
        options: JSON.stringify(t.options),
        process_id: t.processId,
      })
      .onConflict((oc) => oc.column("room_id").doUpdateSet({ process_id: t.processId, updated_at: sql`now()`, last_activity_at: sql`now()` }))
      .execute();
  }

  /**
   * Replaces who sits at the table. One transaction known in advance (on the embedded database a
   * single request to its worker: seat changes come in bursts when tables fill).
   */
  async members(roomId: string, members: TableMember[]): Promise<void> {
    const statements = [this.db.deleteFrom("table_members").where("room_id", "=", roomId).compile()];
    if (members.length) {
      statements.push(
        this.db
          .insertInto("table_members")
          .values(members.map((m) => ({ room_id: roomId, user_id: m.userId, seat: m.seat })))
          .onConflict((oc) => oc.columns(["room_id", "user_id"]).doUpdateSet({ seat: (eb) => eb.ref("excluded.seat") }))
          .compile(),
      );
    }
    await executeInOneTransaction(this.db, statements);
  }

  /**
   * A status change (also activity: last_activity_at = now). Entering `paused` stamps paused_at;
   * leaving it adds the pause to paused_ms.
   * A table in a terminal status (finished, abandoned, closed) is not changed; returns whether a row changed.
   */
  async status(roomId: string, change: StatusChange): Promise<boolean> {
    const entering = change.status === "paused";
    const result = await this.db
      .updateTable("tables")
      .set({
        status: change.status,
        updated_at: sql`now()`,
        // A status change is activity: the abandon sweep counts ABANDON_AFTER_DAYS from the last one.
        last_activity_at: sql`now()`,
        // The right-hand sides read the row before this update.
        paused_at: entering ? sql`case when status = 'paused' then paused_at else now() end` : null,
        paused_ms: entering
          ? sql`paused_ms`
          : sql`paused_ms + case when status = 'paused' and paused_at is not null then (extract(epoch from (now() - paused_at)) * 1000)::int8 else 0 end`,
        paused_reason: entering ? (change.pausedReason ?? "manual") : null,
        paused_by: entering ? (change.pausedBy ?? null) : null,
        ...(change.matchId !== undefined ? { match_id: change.matchId } : {}),
        ...(change.processId !== undefined ? { process_id: change.processId } : {}),
      })
      .where("room_id", "=", roomId)
      .where("status", "not in", [...TERMINAL_STATUSES])
      .executeTakeFirst();
    return toInt(result.numUpdatedRows) > 0;
  }

  async saveRoomState(roomId: string, state: Record<string, unknown>): Promise<void> {
    await this.db.updateTable("tables").set({ room_state: JSON.stringify(state), updated_at: sql`now()` }).where("room_id", "=", roomId).execute();
  }

  /** Batch: these tables saw activity now. */
  async touch(roomIds: string[]): Promise<void> {
    if (!roomIds.length) return;
    await this.db.updateTable("tables").set({ last_activity_at: sql`now()` }).where("room_id", "in", roomIds).execute();
  }

  /**
   * Batch, background: the tables of these matches saw play (an entry was logged) since the last
   * call. One statement, never on the action path (durability.ts calls it on its lease tick).
   */
  async touchMatches(matchIds: readonly string[]): Promise<number> {
    if (!matchIds.length) return 0;
    const result = await this.db
      .updateTable("tables")
      .set({ last_activity_at: sql`now()` })
      .where("match_id", "=", (eb) => eb.fn.any(eb.val([...matchIds])))
      .where("status", "not in", [...TERMINAL_STATUSES])
      .executeTakeFirst();
    return toInt(result.numUpdatedRows);
  }

  async get(roomId: string): Promise<StoredTable | undefined> {
    const row = await this.db.selectFrom("tables").selectAll().where("room_id", "=", roomId).executeTakeFirst();
    if (!row) return undefined;
    const members = await this.membersOf([roomId]);
    return toStored(row, members.get(roomId) ?? []);
  }

  /** The user's tables (owned or seated), newest first; `status` narrows them. */
  async mine(userId: string, query: TableQuery = {}): Promise<StoredTable[]> {
    let q = this.db
      .selectFrom("tables")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("owner_id", "=", userId),
          eb("room_id", "in", eb.selectFrom("table_members").select("room_id").where("user_id", "=", userId)),
        ]),
      );
    if (query.status) q = q.where("status", "=", query.status);
    if (query.game) q = q.where("game", "=", query.game);
    const rows = await q.orderBy("created_at", "desc").orderBy("room_id").limit(Math.min(query.limit ?? 50, MAX_LIST)).execute();
    return this.withMembers(rows);
  }

  /** Every table (admins), newest activity first. */
  async list(query: TableQuery = {}): Promise<StoredTable[]> {
    let q = this.db.selectFrom("tables").selectAll();
    if (query.status) q = q.where("status", "=", query.status);
    if (query.game) q = q.where("game", "=", query.game);
    const rows = await q.orderBy("last_activity_at", "desc").orderBy("room_id").limit(Math.min(query.limit ?? 50, MAX_LIST)).execute();
    return this.withMembers(rows);
  }

  /**
   * Matches the user holds a seat in whose table is paused or interrupted (loaded or not), for
   * `GET /games/me/active`: `joinById(roomId)` brings him back.
   */
  async resumable(userId: string): Promise<ResumableMatch[]> {
    const rows = await this.db
      .selectFrom("tables")
      .innerJoin("matches", "matches.id", "tables.match_id")
      .innerJoin("match_players", "match_players.match_id", "matches.id")
      .select([
        "matches.id as match_id",
        "tables.room_id",
        "tables.game",
        "tables.status",
        "tables.paused_reason",
        "matches.ranked",
        "matches.created_at",
        "match_players.seat",
        "match_players.team",
      ])
      .where("match_players.user_id", "=", userId)
      .where("tables.status", "in", ["paused", "interrupted"])
      .orderBy("matches.created_at", "desc")
      .limit(20)
      .execute();
    return rows.map((r) => ({
      matchId: r.match_id,
      roomId: r.room_id,
      game: r.game,
      status: r.status as "paused" | "interrupted",
      pauseReason: r.status === "paused" ? r.paused_reason : null,
      seat: r.seat,
      team: r.team,
      ranked: r.ranked,
      startedAt: date(r.created_at),
    }));
  }

  /** Status and pause reason of these tables (those the registry knows). */
  async statuses(roomIds: string[]): Promise<Map<string, { status: TableStatus; pauseReason: PauseReason | null }>> {
    const out = new Map<string, { status: TableStatus; pauseReason: PauseReason | null }>();
    if (!roomIds.length) return out;
    const rows = await this.db.selectFrom("tables").select(["room_id", "status", "paused_reason"]).where("room_id", "in", roomIds).execute();
    for (const r of rows) out.set(r.room_id, { status: r.status, pauseReason: r.status === "paused" ? r.paused_reason : null });
    return out;
  }

  /**
   * Per UTC day over the last `days` days (today included):
   * - tablesCreated: tables the user owns, by the day they were created;
   * - minutesPlayed: for every match the user sat in at its start (a human seat), the match's active
   *   time (start to end, or to now while it is live, less the time its table was paused), on the
   *   day the match started;
   * - botMinutes: for every match at a table the user owns, its active time × its bot seats, on
   *   the day the match started.
   */
  async usage(userId: string, days: number): Promise<UsageDay[]> {
    const since = sql`date_trunc('day', now() at time zone 'utc') - make_interval(days => ${days - 1})`;
    const created = await sql<{ day: string; n: string | number }>`
      select to_char(created_at at time zone 'utc', 'YYYY-MM-DD') as day, count(*) as n
      from tables where owner_id = ${userId} and (created_at at time zone 'utc') >= ${since}
      group by 1`.execute(this.db);
    // A match's active ms: stored duration, else start to (its end | now when live | its table's last update).
    const active = sql`greatest(0, coalesce(m.duration_ms::int8,
        (extract(epoch from (coalesce(m.ended_at, case when m.status = 'live' then now() else coalesce(t.updated_at, m.created_at) end) - m.created_at)) * 1000)::int8)
      - coalesce(t.paused_ms, 0)
      - case when t.status = 'paused' and t.paused_at is not null then (extract(epoch from (now() - t.paused_at)) * 1000)::int8 else 0 end)`;
    const played = await sql<{ day: string; ms: string | number }>`
      select to_char(m.created_at at time zone 'utc', 'YYYY-MM-DD') as day, sum(${active}) as ms
      from match_players p join matches m on m.id = p.match_id left join tables t on t.match_id = m.id
      where p.user_id = ${userId} and not p.is_bot and (m.created_at at time zone 'utc') >= ${since}
      group by 1`.execute(this.db);
    const bots = await sql<{ day: string; ms: string | number }>`
      select to_char(m.created_at at time zone 'utc', 'YYYY-MM-DD') as day,
             sum(${active} * (select count(*) from match_players b where b.match_id = m.id and b.is_bot)) as ms
      from tables t join matches m on m.id = t.match_id
      where t.owner_id = ${userId} and (m.created_at at time zone 'utc') >= ${since}
      group by 1`.execute(this.db);
    const byDay = new Map<string, UsageDay>();
    const day = (d: string): UsageDay => {
      let u = byDay.get(d);
      if (!u) byDay.set(d, (u = { day: d, tablesCreated: 0, minutesPlayed: 0, botMinutes: 0 }));
      return u;
    };
    const minutes = (ms: string | number): number => Math.round((Number(ms) / 60_000) * 100) / 100;
    for (const r of created.rows) day(r.day).tablesCreated = Number(r.n);
    for (const r of played.rows) day(r.day).minutesPlayed = minutes(r.ms);
    for (const r of bots.rows) day(r.day).botMinutes = minutes(r.ms);
    return [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  }

  /**
   * Paused and interrupted tables no live process holds whose last activity is older than `days` days: the table and
   * its match become `abandoned` (no results, no league points). Returns their room ids.
   */
  async abandonStale(days: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const stale = await trx
        .updateTable("tables")
        .set({ status: "abandoned", process_id: null, paused_at: null, updated_at: sql`now()` })
        .where("status", "in", ["paused", "interrupted"])
        .where("last_activity_at", "<", sql<Date>`now() - make_interval(days => ${days})`)
        // Not a table a live process still holds (it unloads idle tables itself; a dead one's lease lapsed).
        .where((eb) =>
          eb.or([
            eb("process_id", "is", null),
            eb.not(eb.exists(eb.selectFrom("process_leases").select("process_id").whereRef("process_leases.process_id", "=", "tables.process_id").where("lease_until", ">", sql<Date>`now()`))),
          ]),
        )
        .returning(["room_id", "match_id"])
        .execute();
      const matchIds = stale.map((r) => r.match_id).filter((id): id is string => id !== null);
      if (matchIds.length) await abandonMatches(trx, matchIds);
      return stale.map((r) => r.room_id);
    });
  }

  /** An unloaded table ends as abandoned now (REST delete of a table no process holds). */
  async abandon(roomId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable("tables")
        .set({ status: "abandoned", process_id: null, paused_at: null, updated_at: sql`now()` })
        .where("room_id", "=", roomId)
        .where("status", "not in", [...TERMINAL_STATUSES])
        .returning("match_id")
        .executeTakeFirst();
      if (!row) return false;
      if (row.match_id) await abandonMatches(trx, [row.match_id]);
      return true;
    });
  }

  private async membersOf(roomIds: string[]): Promise<Map<string, TableMember[]>> {
    const out = new Map<string, TableMember[]>();
    if (!roomIds.length) return out;
    const rows = await this.db.selectFrom("table_members").selectAll().where("room_id", "in", roomIds).orderBy("seat").execute();
    for (const r of rows) {
      let list = out.get(r.room_id);
      if (!list) out.set(r.room_id, (list = []));
      list.push({ userId: r.user_id, seat: r.seat });
    }
    return out;
  }

  private async withMembers(rows: Row[]): Promise<StoredTable[]> {
    const members = await this.membersOf(rows.map((r) => r.room_id));
    const now = Date.now();
    return rows.map((r) => toStored(r, members.get(r.room_id) ?? [], now));
  }
}

/** Matches that end as abandoned: not finished, so results and league points never apply. */
async function abandonMatches(db: Pick<Db, "updateTable">, matchIds: string[]): Promise<void> {
  await db
    .updateTable("matches")
    .set({ status: "abandoned", ended_at: sql`coalesce(ended_at, now())`, lease_until: null })
    .where("id", "in", matchIds)
    .where("status", "in", ["live", "interrupted"])
    .execute();
}
