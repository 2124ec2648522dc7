import { sql, type Kysely } from "kysely";

/**
 * Issue 14: players' decks (per user and game, validated by the game's own deck rules when
 * saved) and the tables created over REST (`POST /games`), so an invited player finds his table
 * in `GET /games/me/active` before the match starts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("decks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    // The deck as the game's validateDeck normalised it (for the duel: the flat list of card ids).
    .addColumn("cards", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("decks_user_idx").on("decks").columns(["user_id", "created_at"]).execute();
  await db.schema
    .createTable("game_tables")
    .addColumn("room_id", "text", (c) => c.primaryKey())
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("creator_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // "bot", "open" or "user" (then invitee_id).
    .addColumn("opponent", "text", (c) => c.notNull())
    .addColumn("invitee_id", "uuid", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("game_tables_invitee_idx").on("game_tables").column("invitee_id").execute();
  await db.schema.createIndex("game_tables_creator_idx").on("game_tables").column("creator_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("game_tables").ifExists().execute();
  await db.schema.dropTable("decks").ifExists().execute();
}
