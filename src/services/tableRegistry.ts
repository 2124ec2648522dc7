import { sql, type Selectable } from "kysely";
import { toInt } from "../db/normalize.js";
import type { PauseReason, TableMode, TableStatus, TablesTable } from "../db/tables.js";
import { TableRegistryWrites, type TableMember } from "./tableRegistryWrites.js";

export type { PauseReason, TableMode, TableStatus } from "../db/tables.js";
export { TERMINAL_STATUSES, type NewTable, type StatusChange, type TableMember } from "./tableRegistryWrites.js";

/**
 * The table registry (issue 12): one row per table in the database, whichever process holds it,
 * so tables can be listed, managed and resumed across processes and restarts. Rooms write it in
 * the background (never on an action's path); the REST routes read it. This module holds the
 * reads; the writes are in tableRegistryWrites.ts (TableRegistry has both).
 */

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

export class TableRegistry extends TableRegistryWrites {
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
