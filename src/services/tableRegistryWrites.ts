import { sql } from "kysely";
import type { Db } from "../db/database.js";
import { toInt } from "../db/normalize.js";
import { StatementBatch } from "../db/statementBatch.js";
import type { PauseReason, TableMode, TableStatus } from "../db/tables.js";
import { lockMatchRows } from "./matchRowLocks.js";

/**
 * The table registry's writes (issue 12; the reads are in tableRegistry.ts). The rooms' own
 * writes (created, members, status, room state) go through one StatementBatch per registry, so
 * many tables writing at once (a shutdown of 1,250 tables, a wave of new tables) share a few
 * transactions on one connection instead of holding the whole pool.
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

export class TableRegistryWrites {
  /** The rooms' writes, batched across tables (statementBatch.ts). */
  private readonly batch: StatementBatch;

  constructor(protected readonly db: Db) {
    this.batch = new StatementBatch(db);
  }

  /** Resolves once every write asked for so far has been stored or refused (shutdown, before the database closes). */
  settled(): Promise<void> {
    return this.batch.settled();
  }

  /**
   * A table was created (or re-created with the same room id by a revival): inserted as
   * `waiting`; an existing row only learns its new process.
   */
  async created(t: NewTable): Promise<void> {
    const query = this.db
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
      .compile();
    await this.batch.run([query]);
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
    await this.batch.run(statements);
  }

  /**
   * A status change (also activity: last_activity_at = now). Entering `paused` stamps paused_at;
   * leaving it adds the pause to paused_ms.
   * A table in a terminal status (finished, abandoned, closed) is not changed; returns whether a row changed.
   */
  async status(roomId: string, change: StatusChange): Promise<boolean> {
    const entering = change.status === "paused";
    const query = this.db
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
      .compile();
    const [result] = await this.batch.run([query]);
    return toInt(result?.numAffectedRows ?? 0) > 0;
  }

  async saveRoomState(roomId: string, state: Record<string, unknown>): Promise<void> {
    await this.batch.run([this.db.updateTable("tables").set({ room_state: JSON.stringify(state), updated_at: sql`now()` }).where("room_id", "=", roomId).compile()]);
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
}

/**
 * Matches that end as abandoned: not finished, so results and league points never apply. Their
 * rows are locked in id order first, like every multi-row match write (matchRowLocks.ts).
 */
async function abandonMatches(db: Pick<Db, "with">, matchIds: string[]): Promise<void> {
  await db
    .with(
      (cte) => cte("abandoned").materialized(),
      (qc) => lockMatchRows(qc, matchIds).where("status", "in", ["live", "interrupted"]),
    )
    .updateTable("matches")
    .set({ status: "abandoned", ended_at: sql`coalesce(ended_at, now())`, lease_until: null })
    .where("id", "in", (eb) => eb.selectFrom("abandoned").select("abandoned.id"))
    .execute();
}
