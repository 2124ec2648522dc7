import { sql, type Kysely } from "kysely";

/** Core tables. Shipped migrations are never edited: add a new file instead. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("password_hash", "text")
    .addColumn("first_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("last_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().defaultTo("player").check(sql`role in ('player', 'admin')`))
    .addColumn("is_guest", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("league_points", "integer", (c) => c.notNull().defaultTo(1000).check(sql`league_points >= 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("users_league_points_idx").on("users").columns(["league_points desc", "id"]).execute();

  await db.schema
    .createTable("matches")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("room_id", "text", (c) => c.notNull())
    .addColumn("ranked", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("options", "jsonb", (c) => c.notNull())
    .addColumn("seed", "text", (c) => c.notNull())
    .addColumn("seed_revealed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("live").check(sql`status in ('live', 'finished', 'interrupted', 'abandoned')`),
    )
    .addColumn("process_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("ended_at", "timestamptz")
    .addColumn("duration_ms", "integer")
    .addColumn("winner_team", "integer")
    .addColumn("scores", "jsonb")
    .addColumn("outcome", "jsonb")
    .addColumn("event_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("matches_status_idx").on("matches").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("matches_room_idx").on("matches").column("room_id").execute();

  await db.schema
    .createTable("match_players")
    .addColumn("match_id", "uuid", (c) => c.notNull().references("matches.id").onDelete("cascade"))
    .addColumn("seat", "integer", (c) => c.notNull())
    .addColumn("team", "integer", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("is_bot", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("result", "text", (c) => c.check(sql`result in ('win', 'loss', 'draw')`))
    .addColumn("points_delta", "integer")
    .addPrimaryKeyConstraint("match_players_pk", ["match_id", "seat"])
    .execute();
  await db.schema.createIndex("match_players_user_idx").on("match_players").columns(["user_id", "match_id"]).execute();

  await db.schema
    .createTable("match_events")
    .addColumn("match_id", "uuid", (c) => c.notNull().references("matches.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("seat", "integer")
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('player', 'bot', 'timeout', 'room')`))
    .addColumn("action", "jsonb")
    .addColumn("events", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("match_events_pk", ["match_id", "seq"])
    .execute();

  await db.schema
    .createTable("box_scores")
    .addColumn("match_id", "uuid", (c) => c.primaryKey().references("matches.id").onDelete("cascade"))
    .addColumn("box", "jsonb", (c) => c.notNull())
    .addColumn("final", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid")
    .addColumn("room_id", "text")
    .addColumn("match_id", "uuid")
    .addColumn("ip", "text")
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_kind_idx").on("audit_log").columns(["kind", "at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["audit_log", "box_scores", "match_events", "match_players", "matches", "users"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
