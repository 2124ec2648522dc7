import { sql, type Kysely } from "kysely";

/**
 * Issue 15 §2, the event store and its projections (docs/EVENT_STORE.md).
 *
 * - `matches.log_position`: the position of a match in the event log, given once the match is
 *   over (finished or abandoned) by the sequencer (src/services/projections/log.ts), which runs
 *   under a transaction-scoped advisory lock so positions become visible in increasing order.
 * - `projection_checkpoints`: one row per projection, the last log position it applied. The row
 *   is locked (SELECT ... FOR UPDATE) while a batch is applied and advanced in the same
 *   transaction, so two processes never apply the same batch.
 * - `match_players.guest`: whether the account was a guest when the match started, filled by a
 *   trigger, so a rebuild of league points does not depend on what the account is today.
 * - Indexes for what the projections and the API read (see EVENT_STORE.md, "Indexes").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence match_log_position_seq as bigint`.execute(db);
  await db.schema.alterTable("matches").addColumn("log_position", "bigint", (c) => c.unique()).execute();
  // The sequencer's scan: ended matches not yet in the log, oldest first.
  await sql`create index matches_unsequenced_idx on matches (ended_at, id) where log_position is null and status in ('finished', 'abandoned')`.execute(db);

  await db.schema
    .createTable("projection_checkpoints")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("rebuilt_at", "timestamptz")
    .execute();

  await db.schema.alterTable("match_players").addColumn("guest", "boolean", (c) => c.notNull().defaultTo(false)).execute();
  // Existing rows: a seat that got a points change was not a guest; a seat of an applied ranked
  // match without one either was a guest or sat in an unrated match (where the flag is moot).
  await sql`
    update match_players mp set guest = case
      when mp.points_delta is not null then false
      when m.results_applied_at is not null and m.ranked then true
      else coalesce(u.is_guest, false) end
    from matches m, users u
    where m.id = mp.match_id and u.id = mp.user_id`.execute(db);
  await sql`
    create function match_players_guest() returns trigger language plpgsql as $$
    begin
      new.guest := coalesce((select is_guest from users where id = new.user_id), false);
      return new;
    end $$`.execute(db);
  await sql`create trigger match_players_guest before insert on match_players for each row execute function match_players_guest()`.execute(db);

  // Baloot stats count a seat's timed-out turns: (match, seat) lookups of timeout entries only.
  await sql`create index match_events_timeouts_idx on match_events (match_id, seat) where source = 'timeout' and action is not null`.execute(db);
  // Everything else the projections read goes through a match id (the primary keys of
  // match_events and match_players lead with it) or the log position (unique above).
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists match_events_timeouts_idx`.execute(db);
  await sql`drop trigger if exists match_players_guest on match_players`.execute(db);
  await sql`drop function if exists match_players_guest()`.execute(db);
  await db.schema.alterTable("match_players").dropColumn("guest").execute();
  await db.schema.dropTable("projection_checkpoints").ifExists().execute();
  await sql`drop index if exists matches_unsequenced_idx`.execute(db);
  await db.schema.alterTable("matches").dropColumn("log_position").execute();
  await sql`drop sequence if exists match_log_position_seq`.execute(db);
}
