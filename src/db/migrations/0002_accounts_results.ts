import { sql, type Kysely } from "kysely";

/**
 * Accounts and results (issue 5): rotating refresh tokens, the exactly-once guard for applying
 * a match's results, and idempotency keys for results reported from outside the server.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("refresh_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // Every token minted by rotation from one login shares a family: reuse revokes the family.
    .addColumn("family_id", "uuid", (c) => c.notNull())
    // sha256 of the opaque token; the token itself is never stored.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("rotated_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("refresh_tokens_family_idx").on("refresh_tokens").column("family_id").execute();
  await db.schema.createIndex("refresh_tokens_user_idx").on("refresh_tokens").column("user_id").execute();

  await db.schema.alterTable("matches").addColumn("results_applied_at", "timestamptz").execute();
  // Results reported by clients (POST /game-result) carry an optional idempotency key.
  await db.schema.alterTable("matches").addColumn("external_id", "text", (c) => c.unique()).execute();
  await db.schema.createIndex("match_players_user_result_idx").on("match_players").columns(["user_id", "result"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("match_players_user_result_idx").ifExists().execute();
  await db.schema.alterTable("matches").dropColumn("external_id").execute();
  await db.schema.alterTable("matches").dropColumn("results_applied_at").execute();
  await db.schema.dropTable("refresh_tokens").ifExists().execute();
}
