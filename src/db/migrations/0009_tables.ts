import { sql, type Kysely } from "kysely";

/**
 * Issue 12: the table registry. One row per table (room id) with its owner, status, pause facts,
 * the process holding it loaded and (owned by the resume work) the room state needed to rebuild
 * it; `table_members` holds who sits at a table, for `GET /tables/mine` and usage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("tables")
    .addColumn("room_id", "text", (c) => c.primaryKey())
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('quick', 'bots', 'private')`))
    .addColumn("ranked", "boolean", (c) => c.notNull().defaultTo(false))
    // Creator of a bots/private/REST table; null for quick tables.
    .addColumn("owner_id", "uuid")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("waiting").check(sql`status in ('waiting', 'playing', 'paused', 'interrupted', 'finished', 'abandoned', 'closed')`),
    )
    .addColumn("match_id", "uuid")
    .addColumn("paused_reason", "text", (c) => c.check(sql`paused_reason in ('manual', 'idle')`))
    .addColumn("paused_by", "uuid")
    .addColumn("paused_at", "timestamptz")
    .addColumn("paused_ms", "int8", (c) => c.notNull().defaultTo(0))
    // Process holding the table loaded; null while it is unloaded.
    .addColumn("process_id", "text")
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("room_state", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_activity_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("tables_owner_idx").on("tables").columns(["owner_id", "created_at"]).execute();
  await db.schema.createIndex("tables_status_idx").on("tables").columns(["status", "updated_at"]).execute();
  await db.schema.createIndex("tables_match_idx").on("tables").column("match_id").execute();
  await db.schema
    .createTable("table_members")
    .addColumn("room_id", "text", (c) => c.notNull().references("tables.room_id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull())
    .addColumn("seat", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("table_members_pk", ["room_id", "user_id"])
    .execute();
  await db.schema.createIndex("table_members_user_idx").on("table_members").column("user_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("table_members").ifExists().execute();
  await db.schema.dropTable("tables").ifExists().execute();
}
